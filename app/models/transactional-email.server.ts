// Turns a queued transactional email into a message: loads what its template needs, decides
// whether it is still wanted, and hands plain values to the template (app/emails/), which only
// renders what it is given.
import { z } from "zod";
import { emailFooter } from "~/emails/compose.server";
import { renderSignatureAlreadyConfirmedEmail } from "~/emails/signature-already-confirmed";
import { renderSignatureConfirmationEmail } from "~/emails/signature-confirmation";
import { renderStaffNoticeEmail, STAFF_NOTICE_EVENTS } from "~/emails/staff-notice";
import { renderSubscriptionConfirmationEmail } from "~/emails/subscription-confirmation";
import { renderTestEmail } from "~/emails/test-email";
import { emailTranslator } from "~/emails/translate";
import type { Locale } from "~/i18n/locales";
import {
  composeDonationReceipt,
  composeMonthlyChargeFailed,
  DONATION_RECEIPT_EMAIL,
  MONTHLY_CHARGE_FAILED_EMAIL,
} from "~/models/donation-email.server";
import { composeDonorManageLink, DONOR_MANAGE_EMAIL } from "~/models/donor-manage.server";
import { composeDonationStatementEmail, STATEMENT_EMAIL } from "~/models/donation-statement.server";
import { composeEnrolmentEmail, STAFF_ENROLMENT_EMAIL } from "~/models/staff-enrolment-email.server";
import { subscriptionEmailContent } from "~/models/subscribe-confirmation.server";
import { SUBSCRIBE_LINK_DAYS, SUBSCRIPTION_EMAIL } from "~/models/subscribe.server";
import type { EmailMessage } from "~/services/email/types";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { absoluteUrl, campaignUrl } from "~/utils/public-url.server";
import {
  CONFIRMATION_LINK_DAYS,
  storedConfirmationToken,
  withdrawalToken,
} from "~/utils/signature-tokens.server";

export class UnknownTemplateError extends Error {
  override name = "UnknownTemplateError";
}

/** The email is no longer wanted: its link was renewed or used, or the signature is gone. */
export class SupersededEmailError extends Error {
  override name = "SupersededEmailError";
}

type TransactionalDelivery = {
  /** The delivery's id: a subscription's confirmation link names it. */
  id?: string;
  kind: string;
  toEmail: string;
  locale: Locale;
  createdAt: Date;
  payload: unknown;
};

const ConfirmationPayload = z.object({ submissionId: z.uuid(), expiresAt: z.iso.datetime() });
const AlreadyConfirmedPayload = z.object({ signatureId: z.uuid() });
const StaffNoticePayload = z.object({ event: z.enum(STAFF_NOTICE_EVENTS), at: z.iso.datetime() });

type CampaignWithTitles = {
  slug: string;
  sourceLocale: Locale;
  translations: { locale: Locale; title: string }[];
};

function titleIn(campaign: CampaignWithTitles, locale: Locale): string {
  const { translations } = campaign;
  return (
    translations.find((t) => t.locale === locale)?.title ??
    translations.find((t) => t.locale === campaign.sourceLocale)?.title ??
    campaign.slug
  );
}

const CAMPAIGN_TITLES = { select: { slug: true, sourceLocale: true, translations: true } } as const;

/**
 * A submission's confirmation: only while its link is the current one, unused, and its signature
 * still waits. It carries nothing the submission's poster typed but the campaign they chose, so
 * whoever types somebody else's address cannot put words in front of them.
 */
async function renderConfirmation(delivery: TransactionalDelivery) {
  const payload = ConfirmationPayload.parse(delivery.payload);
  const submission = await getPrisma().signatureSubmission.findUnique({
    where: { id: payload.submissionId },
    include: { signature: { select: { id: true, status: true, campaign: CAMPAIGN_TITLES } } },
  });
  const expiresAt = new Date(payload.expiresAt);
  const token =
    submission?.tokenHash && submission.tokenExpiresAt.getTime() === expiresAt.getTime()
      ? storedConfirmationToken(submission.id, expiresAt, submission.tokenHash)
      : null;
  if (!submission || !token || submission.confirmedAt || submission.signature.status !== "pending") {
    throw new SupersededEmailError("A newer link replaced this one, it was used, or the signature is gone");
  }
  const { locale } = delivery;
  return renderSignatureConfirmationEmail({
    locale,
    footer: emailFooter(locale),
    campaignTitle: titleIn(submission.signature.campaign, locale),
    confirmUrl: absoluteUrl(`/${locale}/confirm/${token}`),
    withdrawUrl: absoluteUrl(`/${locale}/withdraw/${withdrawalToken(submission.signature.id)}`),
    expiresInDays: CONFIRMATION_LINK_DAYS,
  });
}

/** "You have already signed": to the address the signature was confirmed from, and only there. */
async function renderAlreadyConfirmed(delivery: TransactionalDelivery) {
  const payload = AlreadyConfirmedPayload.parse(delivery.payload);
  const signature = await getPrisma().signature.findUnique({
    where: { id: payload.signatureId },
    include: { campaign: CAMPAIGN_TITLES },
  });
  if (signature?.status !== "confirmed" || !signature.name || signature.email !== delivery.toEmail) {
    throw new SupersededEmailError("The signature was withdrawn or its address changed");
  }
  const { locale } = delivery;
  return renderSignatureAlreadyConfirmedEmail({
    locale,
    footer: emailFooter(locale),
    signerName: signature.name,
    campaignTitle: titleIn(signature.campaign, locale),
    campaignUrl: campaignUrl(locale, signature.campaign.slug),
    withdrawUrl: absoluteUrl(`/${locale}/withdraw/${withdrawalToken(signature.id)}`),
  });
}

/** A subscription's confirmation: only while its link is unused and unexpired. */
async function renderSubscriptionConfirmation(delivery: TransactionalDelivery) {
  const { locale } = delivery;
  const content = delivery.id
    ? await subscriptionEmailContent({ ...delivery, id: delivery.id }, locale)
    : null;
  if (!content)
    throw new SupersededEmailError("The subscription link was used, has expired, or its subscriber is gone");
  const t = emailTranslator(locale);
  return renderSubscriptionConfirmationEmail({
    locale,
    footer: emailFooter(locale),
    topics: content.topics.map((topic) => topic.title ?? t("subscription.generalList")),
    confirmUrl: absoluteUrl(`/${locale}/subscribe/confirm/${content.token}`),
    expiresInDays: SUBSCRIBE_LINK_DAYS,
  });
}

/**
 * Transactional mail: a test message, signature and subscription confirmations, staff mail, and
 * donors' receipts, failed-charge notices and portal links. The message must
 * come out the same on every attempt, since a retry reuses the idempotency key.
 */
export async function composeTransactionalEmail(delivery: TransactionalDelivery): Promise<EmailMessage> {
  let rendered;
  switch (delivery.kind) {
    case "test-email":
      rendered = await renderTestEmail({
        locale: delivery.locale,
        footer: emailFooter(delivery.locale),
        sentAt: delivery.createdAt,
      });
      break;
    case "signature-confirmation":
      rendered = await renderConfirmation(delivery);
      break;
    case SUBSCRIPTION_EMAIL:
      rendered = await renderSubscriptionConfirmation(delivery);
      break;
    case "signature-already-confirmed":
      rendered = await renderAlreadyConfirmed(delivery);
      break;
    case STAFF_ENROLMENT_EMAIL:
      rendered = await composeEnrolmentEmail(delivery);
      if (!rendered) throw new SupersededEmailError("The enrolment link was used, replaced or has expired");
      break;
    // A donor's receipt, failed monthly charge and portal link: superseded once the gift was
    // refunded or is gone, or (a link) when the address never gave, or the link was used or expired.
    case DONATION_RECEIPT_EMAIL:
      rendered = await composeDonationReceipt(delivery);
      if (!rendered) throw new SupersededEmailError("The donation is gone or no longer succeeded");
      break;
    case MONTHLY_CHARGE_FAILED_EMAIL:
      rendered = await composeMonthlyChargeFailed(delivery);
      if (!rendered) throw new SupersededEmailError("The monthly gift is gone");
      break;
    case DONOR_MANAGE_EMAIL:
      rendered = await composeDonorManageLink(delivery);
      if (!rendered)
        throw new SupersededEmailError(
          "No live monthly gift from this address, or the link was used or has expired",
        );
      break;
    case STATEMENT_EMAIL:
      rendered = await composeDonationStatementEmail(delivery);
      if (!rendered)
        throw new SupersededEmailError("Nothing is left to state: every gift of the year was refunded");
      break;
    case "staff-notice": {
      const payload = StaffNoticePayload.parse(delivery.payload);
      rendered = await renderStaffNoticeEmail({
        locale: delivery.locale,
        footer: emailFooter(delivery.locale),
        event: payload.event,
        at: new Date(payload.at),
      });
      break;
    }
    default:
      throw new UnknownTemplateError(`No template for email kind "${delivery.kind}"`);
  }
  return { from: getEnv().EMAIL_FROM, to: delivery.toEmail, ...rendered };
}
