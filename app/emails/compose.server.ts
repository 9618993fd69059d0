// What every email shares (the footer) and list mail's message: the footer, the links and the
// List-Unsubscribe headers (RFC 2369, RFC 8058) and List-Id (RFC 2919). Transactional messages
// are put together in app/models/transactional-email.server.ts.
import type { VoteSummaryData } from "~/emails/components/vote-summary";
import type { EmailFooter } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import type { Locale } from "~/i18n/locales";
import type { EmailMessage } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";
import { absoluteUrl, campaignUrl } from "~/utils/public-url.server";
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
  /** Null for the organisation's general list. */
  campaignSlug: string | null;
  campaignTitle: (locale: Locale) => string;
  /** The language a reader is written to: their own when the update has it, else English. */
  localeFor: (locale: Locale) => Locale;
  /** Subject, sanitised body HTML and a plain first paragraph, in a language the update has. */
  text: (locale: Locale) => { subject: string; bodyHtml: string; preview: string };
  /** What the email says about the vote the update is about, for one language and country. */
  vote: (locale: Locale, countryIso3: string | null) => VoteSummaryData | null;
};

export type UpdateRecipient = {
  toEmail: string;
  locale: Locale;
  subscriptionId: string;
  countryIso3?: string | null;
};

// The general list's List-Id label (a campaign's is its slug).
const GENERAL_LIST_LABEL = "updates";

export async function composeUpdateEmail(
  update: UpdateForEmail,
  recipient: UpdateRecipient,
): Promise<EmailMessage> {
  const locale = update.localeFor(recipient.locale);
  const unsubscribe = unsubscribeUrl(recipient.subscriptionId, locale);
  const campaignTitle = update.campaignSlug === null ? null : update.campaignTitle(locale);
  const rendered = await renderUpdateEmail({
    locale,
    footer: emailFooter(locale),
    list: { listName: campaignTitle ?? getEnv().ORG_NAME, unsubscribeUrl: unsubscribe },
    campaignTitle,
    campaignUrl:
      update.campaignSlug === null ? absoluteUrl(`/${locale}`) : campaignUrl(locale, update.campaignSlug),
    ...update.text(locale),
    vote: update.vote(locale, recipient.countryIso3 ?? null),
  });
  return {
    from: getEnv().EMAIL_FROM,
    to: recipient.toEmail,
    ...rendered,
    headers: listHeaders(unsubscribe, update.campaignSlug ?? GENERAL_LIST_LABEL),
  };
}
