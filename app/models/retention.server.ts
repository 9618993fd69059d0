// Deletes what the privacy notice says we no longer keep (privacy.keepBody and keepList in
// app/i18n; tests/unit/privacy-notice.test.ts checks the figures). Run every
// hour by the apply-retention job, so each limit holds to within an hour.
import { getPrisma } from "~/utils/db.server";
import { CONFIRMATION_LINK_DAYS } from "~/utils/signature-tokens.server";

const DAY_MS = 86_400_000;

export const RETENTION = {
  /** A submission (with the name and address typed) outlives its link's expiry by this long. */
  submissionAfterExpiryMs: DAY_MS,
  ipHashMs: 30 * DAY_MS,
  /** A stored batch (rendered emails, links included) left behind by a send that gave up. */
  storedBatchMs: DAY_MS,
  /** Records of transactional emails sent (address, time). */
  transactionalDeliveryMs: 30 * DAY_MS,
  /**
   * A subscriber who never confirmed: as long as a pending signature is kept (its link's 7 days,
   * then a day), and then nothing of it is kept.
   */
  pendingSubscriberMs: CONFIRMATION_LINK_DAYS * DAY_MS + DAY_MS,
  /**
   * A gift that never happened (checkout abandoned or expired, payment failed): kept a month to
   * answer "did my gift go through?", then nothing of it, donor's address included.
   */
  unpaidDonationMs: 30 * DAY_MS,
  /**
   * A Korean receipt request never issued: its resident registration number is erased after
   * this long (past the next year-end tax settlement in January and February).
   */
  koreanReceiptMs: 400 * DAY_MS,
  /** A donate-form post whose Checkout Session was never opened (Stripe did not answer). */
  sessionlessDonationMs: DAY_MS,
};

export type RetentionReport = {
  submissions: number;
  pendingSignatures: number;
  ipHashes: number;
  storedBatches: number;
  deliveries: number;
  pendingSubscribers: number;
  unpaidDonations: number;
  koreanReceiptNumbers: number;
};

export async function applyRetention(now = new Date()): Promise<RetentionReport> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const prisma = getPrisma();
  // Confirmed or not: once its link is dead, a submission is only a copy of what someone typed.
  const submissions = await prisma.signatureSubmission.deleteMany({
    where: { tokenExpiresAt: { lt: before(RETENTION.submissionAfterExpiryMs) } },
  });
  // A signature nobody confirmed while any of its links worked: nothing of it is kept.
  const pendingSignatures = await prisma.signature.deleteMany({
    where: {
      status: "pending",
      submissions: { none: {} },
      createdAt: { lt: before(RETENTION.submissionAfterExpiryMs) },
    },
  });
  const ipHashes = await prisma.signature.updateMany({
    where: { ipHash: { not: null }, createdAt: { lt: before(RETENTION.ipHashMs) } },
    data: { ipHash: null },
  });
  const storedBatches = await prisma.emailBatch.deleteMany({
    where: { createdAt: { lt: before(RETENTION.storedBatchMs) } },
  });
  const deliveries = await prisma.emailDelivery.deleteMany({
    where: {
      updateId: null,
      status: { in: ["sent", "failed", "suppressed"] },
      createdAt: { lt: before(RETENTION.transactionalDeliveryMs) },
    },
  });
  // Consent records go with them (cascade); their emails' records follow the rule above.
  const pendingSubscribers = await prisma.subscriber.deleteMany({
    where: {
      status: "pending",
      createdAt: { lt: before(RETENTION.pendingSubscriberMs) },
      // A newer request (each leaves a consent record) has a link that still works.
      consentRecords: { none: { createdAt: { gte: before(RETENTION.pendingSubscriberMs) } } },
    },
  });
  const unpaidDonations = await prisma.donation.deleteMany({
    where: {
      OR: [
        { status: { in: ["canceled", "failed"] }, updatedAt: { lt: before(RETENTION.unpaidDonationMs) } },
        {
          status: "pending",
          checkoutSessionId: null,
          createdAt: { lt: before(RETENTION.sessionlessDonationMs) },
        },
      ],
    },
  });
  const koreanReceiptNumbers = await prisma.koreanReceiptRequest.updateMany({
    where: { sealed: { not: null }, createdAt: { lt: before(RETENTION.koreanReceiptMs) } },
    data: { sealed: null, erasedAt: new Date(now) },
  });
  return {
    koreanReceiptNumbers: koreanReceiptNumbers.count,
    unpaidDonations: unpaidDonations.count,
    pendingSubscribers: pendingSubscribers.count,
    submissions: submissions.count,
    pendingSignatures: pendingSignatures.count,
    ipHashes: ipHashes.count,
    storedBatches: storedBatches.count,
    deliveries: deliveries.count,
  };
}
