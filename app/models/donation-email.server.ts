// The donor's emails about money: a receipt for every gift that succeeded (each monthly charge is
// its own gift), and a notice when a monthly charge fails. Queued by the Stripe webhook's handlers
// inside the transaction that records the change, so a rolled-back event mails nobody and a
// committed one mails once, however often Stripe delivers it.
import { z } from "zod";
import { emailFooter } from "~/emails/compose.server";
import { renderDonationFailedEmail } from "~/emails/donation-failed";
import { renderDonationReceiptEmail } from "~/emails/donation-receipt";
import type { RenderedEmail } from "~/emails/types";
import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { queueEmail } from "~/models/email-delivery.server";
import { campaignTitleIn } from "~/models/subscribe.server";
import { getPrisma } from "~/utils/db.server";
import { absoluteUrl } from "~/utils/public-url.server";

type Tx = Prisma.TransactionClient;

export const DONATION_RECEIPT_EMAIL = "donation-receipt";
export const MONTHLY_CHARGE_FAILED_EMAIL = "donation-failed";

// A failed invoice is retried by Stripe for up to about two months (its longest retry schedule);
// the marker that it was mailed about outlives that, then is pruned with the rate-limit windows.
const FAILED_NOTICE_MARKER_DAYS = 90;

const ReceiptPayload = z.object({ donationId: z.uuid() });
const FailedPayload = z.object({
  monthlyGiftId: z.uuid(),
  invoiceId: z.string(),
  failedAt: z.iso.datetime(),
});

/**
 * Queues the receipt for a gift that has just succeeded, in the caller's transaction: at most one
 * per donation, whatever the number of calls (the first marks `receiptQueuedAt`, and a second call,
 * even a concurrent one, waits on that row and then finds it marked). Call it after setting the
 * donation's status to `succeeded`. It goes to the donation's address, or for a monthly charge
 * recorded without one, to its monthly gift's; with neither, nothing is queued. True when this call
 * queued it.
 */
export async function queueDonationReceipt(tx: Tx, donationId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ email: string; locale: Locale }[]>`
    UPDATE donations d SET receipt_queued_at = now(), updated_at = now()
    FROM (
      SELECT own.id, COALESCE(NULLIF(btrim(own.email), ''), NULLIF(btrim(gift.email), '')) AS email
      FROM donations own LEFT JOIN monthly_gifts gift ON gift.id = own.monthly_gift_id
      WHERE own.id = ${donationId}::uuid
    ) address
    WHERE d.id = address.id AND address.email IS NOT NULL
      AND d.receipt_queued_at IS NULL AND d.status = 'succeeded'
    RETURNING address.email, d.locale::text AS locale`;
  if (!row) return false;
  await queueEmail(tx, {
    kind: DONATION_RECEIPT_EMAIL,
    toEmail: row.email,
    locale: row.locale,
    payload: { donationId },
  });
  return true;
}

/**
 * Queues the notice that a monthly gift's charge (one Stripe invoice) failed, in the caller's
 * transaction: at most one per invoice, though Stripe sends `invoice.payment_failed` again for each
 * retry of the same invoice. A gift without an email address gets none. True when this call queued it.
 */
export async function queueMonthlyChargeFailed(
  tx: Tx,
  monthlyGiftId: string,
  invoiceId: string,
): Promise<boolean> {
  // The marker lives in the rate-limit table (as a used single-use token does, see useOnce in
  // abuse.server.ts): its key is indexed, and it needs no column of its own. The lock makes two
  // concurrent events for one invoice take turns, so the second finds the first's marker.
  const key = `once:donation-failed-email:${invoiceId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  const [seen] = await tx.$queryRaw<
    { n: number }[]
  >`SELECT 1 AS n FROM rate_limit_counters WHERE key = ${key}`;
  if (seen) return false;
  const gift = await tx.monthlyGift.findUnique({ where: { id: monthlyGiftId } });
  if (!gift?.email?.trim()) return false;
  const keepUntil = new Date(Date.now() + FAILED_NOTICE_MARKER_DAYS * 86_400_000);
  await tx.$executeRaw`
    INSERT INTO rate_limit_counters (key, window_start, count) VALUES (${key}, ${keepUntil}, 1)`;
  await queueEmail(tx, {
    kind: MONTHLY_CHARGE_FAILED_EMAIL,
    toEmail: gift.email,
    locale: gift.locale,
    payload: { monthlyGiftId, invoiceId, failedAt: new Date().toISOString() },
  });
  return true;
}

type Delivery = { toEmail: string; locale: Locale; payload: unknown };

const CAMPAIGN = {
  select: { slug: true, sourceLocale: true, translations: { select: { locale: true, title: true } } },
} as const;

type CampaignTitles = Prisma.CampaignGetPayload<typeof CAMPAIGN>;

function campaignTitle(campaign: CampaignTitles | null, locale: Locale): string | null {
  return campaign ? (campaignTitleIn(campaign, locale) ?? campaign.slug) : null;
}

/** Where a donor asks for the single-use link to Stripe's portal (never the portal's own URL). */
export function donorManagePageUrl(locale: Locale): string {
  return absoluteUrl(`/${locale}/donate/manage`);
}

/**
 * A queued receipt as a message, or null once it is unwanted: only a gift that is still succeeded
 * (not gone, refunded or reversed before the receipt went out) gets one.
 */
export async function composeDonationReceipt(delivery: Delivery): Promise<RenderedEmail | null> {
  const { donationId } = ReceiptPayload.parse(delivery.payload);
  const donation = await getPrisma().donation.findUnique({
    where: { id: donationId },
    include: { campaign: CAMPAIGN },
  });
  if (donation?.status !== "succeeded") return null;
  const { locale } = delivery;
  return renderDonationReceiptEmail({
    locale,
    footer: emailFooter(locale),
    kind: donation.kind,
    amount: donation.amount,
    currency: donation.currency,
    paidAt: donation.paidAt ?? donation.createdAt,
    campaignTitle: campaignTitle(donation.campaign, locale),
    reference: donation.id,
    manageUrl: donation.kind === "monthly" ? donorManagePageUrl(locale) : null,
  });
}

/** A queued failed-charge notice as a message, or null once its monthly gift is gone. */
export async function composeMonthlyChargeFailed(delivery: Delivery): Promise<RenderedEmail | null> {
  const payload = FailedPayload.parse(delivery.payload);
  const gift = await getPrisma().monthlyGift.findUnique({
    where: { id: payload.monthlyGiftId },
    include: { campaign: CAMPAIGN },
  });
  if (!gift) return null;
  const { locale } = delivery;
  return renderDonationFailedEmail({
    locale,
    footer: emailFooter(locale),
    amount: gift.amount,
    currency: gift.currency,
    failedAt: new Date(payload.failedAt),
    campaignTitle: campaignTitle(gift.campaign, locale),
    manageUrl: donorManagePageUrl(locale),
  });
}
