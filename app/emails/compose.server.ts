// Turns delivery rows into messages: picks the template, fills in the footer, the links and, for
// list mail, the List-Unsubscribe headers (RFC 2369, RFC 8058) and List-Id (RFC 2919).
import { z } from "zod";
import { renderSignatureAlreadyConfirmedEmail } from "~/emails/signature-already-confirmed";
import { renderSignatureConfirmationEmail } from "~/emails/signature-confirmation";
import { renderTestEmail } from "~/emails/test-email";
import type { EmailFooter } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import type { Locale } from "~/i18n/locales";
import type { EmailMessage } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";
import { loadSignatureForEmail } from "~/models/signature.server";
import { CONFIRMATION_LINK_DAYS, confirmationToken, withdrawalToken } from "~/utils/signature-tokens.server";
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

export class UnknownTemplateError extends Error {
  override name = "UnknownTemplateError";
}

/** The email is no longer wanted: a newer confirmation link replaced it, or the signature is gone. */
export class SupersededEmailError extends Error {
  override name = "SupersededEmailError";
}

type TransactionalDelivery = {
  kind: string;
  toEmail: string;
  locale: Locale;
  createdAt: Date;
  payload: unknown;
};

const SignaturePayload = z.object({ signatureId: z.uuid(), expiresAt: z.iso.datetime().optional() });

async function renderSignatureEmail(delivery: TransactionalDelivery, footer: EmailFooter) {
  const payload = SignaturePayload.parse(delivery.payload);
  const signature = await loadSignatureForEmail(payload.signatureId);
  if (!signature) throw new SupersededEmailError("The signature no longer exists");
  const { locale } = delivery;
  const withdrawUrl = absoluteUrl(`/${locale}/withdraw/${withdrawalToken(signature.id)}`);
  const base = {
    locale,
    footer,
    signerName: signature.name,
    campaignTitle: signature.campaignTitle,
    withdrawUrl,
  };
  if (delivery.kind === "signature-already-confirmed") {
    return renderSignatureAlreadyConfirmedEmail({
      ...base,
      campaignUrl: campaignUrl(locale, signature.campaignSlug),
    });
  }
  // The link in this email is only good while it is the signature's current one.
  const expiresAt = new Date(payload.expiresAt ?? 0);
  if (signature.status !== "pending" || signature.tokenExpiresAt?.getTime() !== expiresAt.getTime()) {
    throw new SupersededEmailError("A newer confirmation link replaced this one, or it was used");
  }
  return renderSignatureConfirmationEmail({
    ...base,
    confirmUrl: absoluteUrl(`/${locale}/confirm/${confirmationToken(signature.id, expiresAt)}`),
    expiresInDays: CONFIRMATION_LINK_DAYS,
  });
}

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
    case "signature-confirmation":
    case "signature-already-confirmed":
      rendered = await renderSignatureEmail(delivery, footer);
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
