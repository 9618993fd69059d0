// What every email shares (the footer) and list mail's message: the footer, the links and the
// List-Unsubscribe headers (RFC 2369, RFC 8058) and List-Id (RFC 2919). Transactional messages
// are put together in app/models/transactional-email.server.ts.
import type { EmailFooter } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import type { Locale } from "~/i18n/locales";
import type { EmailMessage } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";
import { absoluteUrl, campaignUrl } from "~/utils/public-url.server";
import { preferencesPath } from "~/models/preferences.server";
import { createUnsubscribeToken } from "~/utils/unsubscribe-token.server";

export function emailFooter(locale: Locale): EmailFooter {
  const env = getEnv();
  return {
    orgName: env.ORG_NAME,
    postalAddress: env.ORG_POSTAL_ADDRESS,
    privacyUrl: absoluteUrl(`/${locale}/privacy`),
  };
}

export function unsubscribeUrl(subscriptionId: string, locale: Locale): string {
  return absoluteUrl(`/${locale}/unsubscribe/${createUnsubscribeToken(subscriptionId)}`);
}

function listHeaders(unsubscribe: string, listLabel: string): Record<string, string> {
  const host = new URL(getEnv().APP_URL).hostname;
  return {
    "List-Unsubscribe": `<${unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `<${listLabel}.${host}>`,
  };
}

export type UpdateForEmail = {
  campaignSlug: string;
  campaignTitle: (locale: Locale) => string;
  text: (locale: Locale) => { subject: string; body: string };
};

export async function composeUpdateEmail(
  update: UpdateForEmail,
  recipient: { toEmail: string; locale: Locale; subscriptionId: string; subscriberId?: string | null },
): Promise<EmailMessage> {
  const { locale } = recipient;
  const unsubscribe = unsubscribeUrl(recipient.subscriptionId, locale);
  const campaignTitle = update.campaignTitle(locale);
  const preferences = recipient.subscriberId
    ? absoluteUrl(`/${locale}${preferencesPath(recipient.subscriberId)}`)
    : undefined;
  const rendered = await renderUpdateEmail({
    locale,
    footer: emailFooter(locale),
    list: { listName: campaignTitle, unsubscribeUrl: unsubscribe, preferencesUrl: preferences },
    campaignTitle,
    campaignUrl: campaignUrl(locale, update.campaignSlug),
    ...update.text(locale),
  });
  return {
    from: getEnv().EMAIL_FROM,
    to: recipient.toEmail,
    ...rendered,
    headers: listHeaders(unsubscribe, update.campaignSlug),
  };
}
