import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { JOBS } from "~/jobs/registry.server";
import {
  DONATION_RECEIPT_EMAIL,
  MONTHLY_CHARGE_FAILED_EMAIL,
  queueDonationReceipt,
  queueMonthlyChargeFailed,
} from "~/models/donation-email.server";
import { findDelivery } from "~/models/email-delivery.server";
import { listOutboxMessages } from "~/models/outbox.server";
import { composeTransactionalEmail, SupersededEmailError } from "~/models/transactional-email.server";
import { startWorker, type RunningWorker } from "~/services/worker.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { createCampaign } from "../factories";

const db = () => getPrisma();

let counter = 0;
async function createDonation(overrides: Partial<Prisma.DonationUncheckedCreateInput> = {}) {
  counter += 1;
  return db().donation.create({
    data: {
      kind: "one_time",
      status: "succeeded",
      amount: 3_000,
      currency: "JPY",
      locale: "ja",
      email: `donor${counter}@example.org`,
      paidAt: new Date("2026-11-30T03:00:00Z"),
      paymentIntentId: `pi_test_${counter}`,
      ...overrides,
    },
  });
}

async function createMonthlyGift(overrides: Partial<Prisma.MonthlyGiftUncheckedCreateInput> = {}) {
  counter += 1;
  return db().monthlyGift.create({
    data: {
      status: "active",
      amount: 2_500,
      currency: "USD",
      locale: "en",
      email: `monthly${counter}@example.org`,
      customerId: `cus_test_${counter}`,
      stripeSubscriptionId: `sub_test_${counter}`,
      ...overrides,
    },
  });
}

const deliveriesOf = (kind: string, filter: (payload: Record<string, unknown>) => boolean) =>
  db()
    .emailDelivery.findMany({ where: { kind }, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.filter((row) => filter(row.payload as Record<string, unknown>)));

const receiptsFor = (donationId: string) =>
  deliveriesOf(DONATION_RECEIPT_EMAIL, (payload) => payload.donationId === donationId);
const failedNoticesFor = (invoiceId: string) =>
  deliveriesOf(MONTHLY_CHARGE_FAILED_EMAIL, (payload) => payload.invoiceId === invoiceId);

const queueReceipt = (donationId: string) => db().$transaction((tx) => queueDonationReceipt(tx, donationId));
const queueFailed = (giftId: string, invoiceId: string) =>
  db().$transaction((tx) => queueMonthlyChargeFailed(tx, giftId, invoiceId));

describe("queueDonationReceipt", () => {
  it("queues one receipt per donation, however often it is called", async () => {
    const donation = await createDonation();
    expect(await queueReceipt(donation.id)).toBe(true);
    expect(await queueReceipt(donation.id)).toBe(false);
    const receipts = await receiptsFor(donation.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ toEmail: donation.email, locale: "ja", status: "queued" });
    const after = await db().donation.findUniqueOrThrow({ where: { id: donation.id } });
    expect(after.receiptQueuedAt).toBeInstanceOf(Date);
  });

  it("queues one when two webhook transactions for the same gift run at once", async () => {
    const donation = await createDonation();
    const results = await Promise.all([
      queueReceipt(donation.id),
      queueReceipt(donation.id),
      queueReceipt(donation.id),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await receiptsFor(donation.id)).toHaveLength(1);
  });

  it("queues nothing for a gift without an address, or one not (yet) succeeded", async () => {
    const anonymous = await createDonation({ email: null });
    const pending = await createDonation({ status: "pending" });
    expect(await queueReceipt(anonymous.id)).toBe(false);
    expect(await queueReceipt(pending.id)).toBe(false);
    expect(await receiptsFor(anonymous.id)).toHaveLength(0);
    expect(await receiptsFor(pending.id)).toHaveLength(0);
    // Once it succeeds, its receipt is queued after all.
    await db().donation.update({ where: { id: pending.id }, data: { status: "succeeded" } });
    expect(await queueReceipt(pending.id)).toBe(true);
  });

  it("sends a monthly charge recorded without an address to its monthly gift's address", async () => {
    const gift = await createMonthlyGift({ email: "gift-address@example.org", locale: "en" });
    const charge = await createDonation({
      kind: "monthly",
      email: null,
      monthlyGiftId: gift.id,
      locale: "en",
    });
    expect(await queueReceipt(charge.id)).toBe(true);
    expect(await queueReceipt(charge.id)).toBe(false);
    const receipts = await receiptsFor(charge.id);
    expect(receipts.map((r) => r.toEmail)).toEqual(["gift-address@example.org"]);
  });

  it("leaves no receipt and no mark when the webhook's transaction rolls back", async () => {
    const donation = await createDonation();
    await expect(
      db().$transaction(async (tx) => {
        await queueDonationReceipt(tx, donation.id);
        throw new Error("the event's effect failed");
      }),
    ).rejects.toThrow("the event's effect failed");
    expect(await receiptsFor(donation.id)).toHaveLength(0);
    expect(
      (await db().donation.findUniqueOrThrow({ where: { id: donation.id } })).receiptQueuedAt,
    ).toBeNull();
    expect(await queueReceipt(donation.id)).toBe(true);
  });
});

describe("a queued receipt, as sent", () => {
  it("is in the donor's language, with our reference, the campaign, and for a monthly charge its month and the manage page", async () => {
    const campaign = await createCampaign({ slug: "camp-receipt" });
    const gift = await createMonthlyGift({
      locale: "ko",
      currency: "KRW",
      amount: 30_000,
      campaignId: campaign.id,
    });
    const charge = await createDonation({
      kind: "monthly",
      locale: "ko",
      currency: "KRW",
      amount: 30_000,
      campaignId: campaign.id,
      monthlyGiftId: gift.id,
      invoiceId: "in_test_receipt",
      paymentIntentId: null,
      paidAt: new Date("2026-12-05T01:00:00Z"),
    });
    await queueReceipt(charge.id);
    const [delivery] = await receiptsFor(charge.id);
    const message = await composeTransactionalEmail({ ...delivery!, locale: delivery!.locale });
    expect(message.to).toBe(charge.email);
    expect(message.subject).toContain("정기 후원 확인서");
    expect(message.subject).toContain("2026년 12월");
    expect(message.text).toContain("₩30,000");
    expect(message.text).toContain(charge.id);
    expect(message.text).toContain("camp-receipt title (ko)");
    expect(message.text).toContain(`${getEnv().APP_URL}/ko/donate/manage`);
    expect(message.text).not.toContain("in_test_receipt");
    // A KRW gift: not the US donors' line.
    expect(message.text).not.toContain("물품이나 서비스는 없습니다");
  });

  it("is not sent for a gift refunded before it went out", async () => {
    const donation = await createDonation();
    await queueReceipt(donation.id);
    await db().donation.update({ where: { id: donation.id }, data: { status: "refunded" } });
    const [delivery] = await receiptsFor(donation.id);
    await expect(composeTransactionalEmail(delivery!)).rejects.toBeInstanceOf(SupersededEmailError);
  });
});

describe("queueMonthlyChargeFailed", () => {
  it("queues one notice per invoice, though Stripe reports each retry of it", async () => {
    const gift = await createMonthlyGift({ locale: "ja", currency: "JPY", amount: 3_000 });
    expect(await queueFailed(gift.id, "in_fail_1")).toBe(true);
    expect(await queueFailed(gift.id, "in_fail_1")).toBe(false);
    const concurrent = await Promise.all([
      queueFailed(gift.id, "in_fail_2"),
      queueFailed(gift.id, "in_fail_2"),
    ]);
    expect(concurrent.filter(Boolean)).toHaveLength(1);
    expect(await failedNoticesFor("in_fail_1")).toHaveLength(1);
    expect(await failedNoticesFor("in_fail_2")).toHaveLength(1);
  });

  it("queues nothing for a gift without an address, and nothing when the transaction rolls back", async () => {
    const anonymous = await createMonthlyGift({ email: null });
    expect(await queueFailed(anonymous.id, "in_fail_anon")).toBe(false);
    const gift = await createMonthlyGift();
    await expect(
      db().$transaction(async (tx) => {
        await queueMonthlyChargeFailed(tx, gift.id, "in_fail_rollback");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await failedNoticesFor("in_fail_rollback")).toHaveLength(0);
    // The rolled-back marker went with it: the redelivered event queues the notice.
    expect(await queueFailed(gift.id, "in_fail_rollback")).toBe(true);
  });

  it("tells the donor, in their language, that nothing was taken, with the manage page", async () => {
    const gift = await createMonthlyGift({ locale: "ja", currency: "JPY", amount: 3_000 });
    await queueFailed(gift.id, "in_fail_text");
    const [delivery] = await failedNoticesFor("in_fail_text");
    const message = await composeTransactionalEmail(delivery!);
    expect(message.to).toBe(gift.email);
    expect(message.text).toContain("￥3,000");
    expect(message.text).toContain("今回、料金は一切請求されていません。");
    expect(message.text).toContain(`${getEnv().APP_URL}/ja/donate/manage`);
    expect(message.text).not.toContain("billing.stripe.com");
  });
});

describe("the send-email job", () => {
  let worker: RunningWorker;

  beforeAll(async () => {
    worker = await startWorker({
      databaseUrl: process.env.DATABASE_URL!,
      jobs: JOBS,
      maxConcurrency: 2,
      maintenanceIntervalSeconds: 30,
      pollingIntervalSeconds: 0.5,
    });
  });

  afterAll(async () => {
    await worker?.stop(5_000);
  });

  it("delivers a receipt to the outbox once", async () => {
    const donation = await createDonation({
      email: "outbox-donor@example.org",
      currency: "USD",
      amount: 2_500,
      locale: "en",
    });
    await queueReceipt(donation.id);
    await queueReceipt(donation.id);
    const [delivery] = await receiptsFor(donation.id);
    await expect
      .poll(async () => (await findDelivery(delivery!.id))?.status, { timeout: 15_000 })
      .toBe("sent");
    const messages = (await listOutboxMessages()).filter((m) => m.to.includes("outbox-donor@example.org"));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain("$25.00");
    expect(messages[0]!.text).toContain(
      "No goods or services were provided in exchange for this contribution.",
    );
  });
});
