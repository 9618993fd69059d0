// Turns delivery rows into messages: picks the template, fills in the footer, the links and, for
// list mail, the List-Unsubscribe headers (RFC 2369, RFC 8058) and List-Id (RFC 2919).
import { renderTestEmail } from "~/emails/test-email";
import type { EmailFooter } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import type { Locale } from "~/i18n/locales";
import type { EmailMessage } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";
import { createUnsubscribeToken } from "~/utils/unsubscribe-token.server";

export function absoluteUrl(path: string): string {
  return getEnv().APP_URL + path;
}

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

export class UnknownTemplateError extends Error {
  override name = "UnknownTemplateError";
}

type TransactionalDelivery = { kind: string; toEmail: string; locale: Locale; createdAt: Date };

/**
 * Transactional mail (a test message now; confirmations and receipts later). The message must
 * come out the same on every attempt, since a retry reuses the idempotency key.
 */
export async function composeTransactionalEmail(delivery: TransactionalDelivery): Promise<EmailMessage> {
  const footer = emailFooter(delivery.locale);
  let rendered;
  switch (delivery.kind) {
    case "test-email":
      rendered = await renderTestEmail({ locale: delivery.locale, footer, sentAt: delivery.createdAt });
      break;
    default:
      throw new UnknownTemplateError(`No template for email kind "${delivery.kind}"`);
  }
  return { from: getEnv().EMAIL_FROM, to: delivery.toEmail, ...rendered };
}

export type UpdateForEmail = {
  campaignSlug: string;
  campaignTitle: (locale: Locale) => string;
  text: (locale: Locale) => { subject: string; body: string };
};

export async function composeUpdateEmail(
  update: UpdateForEmail,
  recipient: { toEmail: string; locale: Locale; subscriptionId: string },
): Promise<EmailMessage> {
  const { locale } = recipient;
  const unsubscribe = unsubscribeUrl(recipient.subscriptionId, locale);
  const campaignTitle = update.campaignTitle(locale);
  const rendered = await renderUpdateEmail({
    locale,
    footer: emailFooter(locale),
    list: { listName: campaignTitle, unsubscribeUrl: unsubscribe },
    campaignTitle,
    campaignUrl: absoluteUrl(`/${locale}/campaigns/${update.campaignSlug}`),
    ...update.text(locale),
  });
  return {
    from: getEnv().EMAIL_FROM,
    to: recipient.toEmail,
    ...rendered,
    headers: listHeaders(unsubscribe, update.campaignSlug),
  };
}
