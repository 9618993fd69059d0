// Stripe's webhooks, the only source of truth for money: every handled event type, signatures
// (stale, tampered, wrong secret, missing), the same event three times, one change sent as two
// events, shuffled order, refunds, disputes, a year of monthly charges and a konbini gift that
// settles days later. Events are signed as Stripe signs them and posted to the real route.
process.env.STRIPE_SECRET_KEY = "sk_test_rollcall_tests";
process.env.STRIPE_WEBHOOK_SECRET = "whsec_rollcall_test_webhook_secret_0123456789";

import { describe, expect, it } from "vitest";
import { getPrisma } from "~/utils/db.server";
import {
  charge,
  dispute,
  invoice,
  newIds,
  paymentSession,
  pendingDonation,
  postEvent,
  stripeEvent,
  subscriptionSession,
} from "../support/stripe-events";

const prisma = () => getPrisma();
const donationOf = (id: string) => prisma().donation.findUniqueOrThrow({ where: { id } });
const receiptsFor = (donationId: string) =>
  prisma().emailDelivery.count({
    where: { kind: "donation-receipt", payload: { path: ["donationId"], equals: donationId } },
  });

describe("signatures", () => {
  it("refuses a tampered body, a wrong secret, a stale timestamp and a missing header, changing nothing", async () => {
    const donation = await pendingDonation();
    const event = stripeEvent("checkout.session.completed", paymentSession(donation));
    const tampered = await postEvent(event, { tamper: (body) => body.replace('"paid"', '"paid" ') });
    const wrongSecret = await postEvent(event, { secret: "whsec_somebody_else" });
    const stale = await postEvent(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const missing = await postEvent(event, { signature: null });
    for (const reply of [tampered, wrongSecret, stale, missing]) expect(reply.status).toBe(400);
    expect((await donationOf(donation.id)).status).toBe("pending");
    expect(await prisma().providerEvent.count({ where: { eventId: event.id } })).toBe(0);
    // The same event, properly signed, is then applied: nothing was spent on the bad ones.
    expect((await postEvent(event)).body.outcome).toBe("applied");
    expect((await donationOf(donation.id)).status).toBe("succeeded");
  });

  it("answers 200 to an event type it does not handle, and stores nothing", async () => {
    const event = stripeEvent("customer.created", { id: "cus_test_unhandled", object: "customer" });
    const reply = await postEvent(event);
    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: "ignored" } });
    expect(await prisma().providerEvent.count({ where: { eventId: event.id } })).toBe(0);
  });
});

describe("one-off gifts", () => {
  it("records a paid checkout once and queues one receipt, however often the event comes", async () => {
    const donation = await pendingDonation({ currency: "JPY", amount: 3_000 });
    const event = stripeEvent("checkout.session.completed", paymentSession(donation));
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await postEvent(event)).body.outcome);
    expect(outcomes).toEqual(["applied", "duplicate", "duplicate"]);
    const paid = await donationOf(donation.id);
    expect(paid).toMatchObject({ status: "succeeded", amount: 3_000, currency: "JPY" });
    expect(paid.paidAt).not.toBeNull();
    expect(await receiptsFor(donation.id)).toBe(1);
  });

  it("gives one change sent as two events (different ids) one effect", async () => {
    const donation = await pendingDonation();
    const session = paymentSession(donation);
    const first = await postEvent(stripeEvent("checkout.session.completed", session));
    const second = await postEvent(stripeEvent("checkout.session.completed", session));
    expect([first.body.outcome, second.body.outcome]).toEqual(["applied", "duplicate"]);
    expect(await receiptsFor(donation.id)).toBe(1);
  });

  it("keeps a konbini gift pending until it settles days later, then receipts it", async () => {
    const donation = await pendingDonation({ currency: "JPY", amount: 5_000 });
    const session = paymentSession(donation, { payment_status: "unpaid" });
    await postEvent(stripeEvent("checkout.session.completed", session));
    expect(await donationOf(donation.id)).toMatchObject({ status: "pending", paymentMethodType: "delayed" });
    expect(await receiptsFor(donation.id)).toBe(0);
    await postEvent(
      stripeEvent("checkout.session.async_payment_succeeded", { ...session, payment_status: "paid" }),
    );
    expect((await donationOf(donation.id)).status).toBe("succeeded");
    expect(await receiptsFor(donation.id)).toBe(1);
  });

  it("marks a delayed payment that failed, and an expired checkout, without a receipt", async () => {
    const failed = await pendingDonation({ currency: "JPY", amount: 5_000 });
    const session = paymentSession(failed, { payment_status: "unpaid" });
    await postEvent(stripeEvent("checkout.session.completed", session));
    await postEvent(stripeEvent("checkout.session.async_payment_failed", session));
    expect((await donationOf(failed.id)).status).toBe("failed");
    const abandoned = await pendingDonation();
    await postEvent(
      stripeEvent(
        "checkout.session.expired",
        paymentSession(abandoned, { status: "expired", payment_status: "unpaid" }),
      ),
    );
    expect((await donationOf(abandoned.id)).status).toBe("canceled");
    expect((await receiptsFor(failed.id)) + (await receiptsFor(abandoned.id))).toBe(0);
  });

  it("tolerates shuffled order: an expiry or a failure arriving after the payment changes nothing", async () => {
    const donation = await pendingDonation();
    const session = paymentSession(donation);
    await postEvent(stripeEvent("checkout.session.completed", session));
    await postEvent(stripeEvent("checkout.session.expired", session));
    await postEvent(stripeEvent("checkout.session.async_payment_failed", session));
    expect((await donationOf(donation.id)).status).toBe("succeeded");
    expect(await receiptsFor(donation.id)).toBe(1);
  });

  it("records a partial then a full refund, and ignores a late event with a smaller total", async () => {
    const donation = await pendingDonation({ amount: 5_000 });
    const session = paymentSession(donation);
    await postEvent(stripeEvent("checkout.session.completed", session));
    const chargeId = "ch_test_refunded_once";
    await postEvent(stripeEvent("charge.refunded", charge(session.payment_intent, 5_000, 2_000, chargeId)));
    expect(await donationOf(donation.id)).toMatchObject({
      status: "succeeded",
      amountRefunded: 2_000,
      chargeId,
    });
    await postEvent(stripeEvent("charge.refunded", charge(session.payment_intent, 5_000, 5_000, chargeId)));
    // Delivered late: the first refund's event under another id.
    await postEvent(
      stripeEvent("charge.refunded", { ...charge(session.payment_intent, 5_000, 1_000, chargeId) }),
    );
    expect(await donationOf(donation.id)).toMatchObject({ status: "refunded", amountRefunded: 5_000 });
  });

  it("follows a dispute from opened to closed, whichever event comes first", async () => {
    const won = await pendingDonation();
    const wonSession = paymentSession(won);
    await postEvent(stripeEvent("checkout.session.completed", wonSession));
    await postEvent(
      stripeEvent(
        "charge.dispute.created",
        dispute("ch_test_a", wonSession.payment_intent, "needs_response", "du_test_a"),
      ),
    );
    expect((await donationOf(won.id)).disputeStatus).toBe("open");
    await postEvent(
      stripeEvent(
        "charge.dispute.closed",
        dispute("ch_test_a", wonSession.payment_intent, "won", "du_test_a"),
      ),
    );
    expect((await donationOf(won.id)).disputeStatus).toBe("won");

    const lost = await pendingDonation();
    const lostSession = paymentSession(lost);
    await postEvent(stripeEvent("checkout.session.completed", lostSession));
    await postEvent(
      stripeEvent(
        "charge.dispute.closed",
        dispute("ch_test_b", lostSession.payment_intent, "lost", "du_test_b"),
      ),
    );
    await postEvent(
      stripeEvent(
        "charge.dispute.created",
        dispute("ch_test_b", lostSession.payment_intent, "needs_response", "du_test_b"),
      ),
    );
    expect((await donationOf(lost.id)).disputeStatus).toBe("lost");
  });
});

describe("monthly gifts", () => {
  it("records twelve months of invoice.paid as twelve gifts, each with one receipt", async () => {
    const first = await pendingDonation({ kind: "monthly", currency: "KRW", amount: 30_000 });
    const ids = newIds();
    await postEvent(stripeEvent("checkout.session.completed", subscriptionSession(first, ids)));
    await postEvent(
      stripeEvent(
        "invoice.paid",
        invoice(first, ids, { id: ids.invoice, billingReason: "subscription_create" }),
      ),
    );
    const renewals = Array.from({ length: 11 }, () => invoice(first, ids));
    for (const renewal of renewals) {
      const event = stripeEvent("invoice.paid", renewal);
      await postEvent(event);
      await postEvent(event);
    }
    const gift = await prisma().monthlyGift.findUniqueOrThrow({
      where: { stripeSubscriptionId: ids.subscription },
    });
    expect(gift).toMatchObject({ status: "active", amount: 30_000, currency: "KRW", email: first.email });
    const charges = await prisma().donation.findMany({ where: { monthlyGiftId: gift.id } });
    expect(charges).toHaveLength(12);
    expect(
      charges.every((c) => c.status === "succeeded" && c.amount === 30_000 && c.kind === "monthly"),
    ).toBe(true);
    expect(new Set(charges.map((c) => c.invoiceId)).size).toBe(12);
    const receipts = await Promise.all(charges.map((c) => receiptsFor(c.id)));
    expect(receipts).toEqual(charges.map(() => 1));
  });

  it("takes the first invoice before the checkout event and still makes one gift and one first charge", async () => {
    const first = await pendingDonation({ kind: "monthly", amount: 2_500 });
    const ids = newIds();
    await postEvent(
      stripeEvent(
        "invoice.paid",
        invoice(first, ids, { id: ids.invoice, billingReason: "subscription_create" }),
      ),
    );
    await postEvent(stripeEvent("checkout.session.completed", subscriptionSession(first, ids)));
    const rows = await prisma().donation.findMany({ where: { subscriptionId: ids.subscription } });
    expect(rows.map((row) => [row.id, row.invoiceId, row.status])).toEqual([
      [first.id, ids.invoice, "succeeded"],
    ]);
    expect(await receiptsFor(first.id)).toBe(1);
    expect(await prisma().monthlyGift.count({ where: { stripeSubscriptionId: ids.subscription } })).toBe(1);
  });

  it("marks a failed renewal past due with one email per invoice, a later payment active again, a cancellation final", async () => {
    const first = await pendingDonation({ kind: "monthly", amount: 2_500 });
    const ids = newIds();
    await postEvent(stripeEvent("checkout.session.completed", subscriptionSession(first, ids)));
    const unpaid = { ...invoice(first, ids), status: "open", amount_paid: 0 };
    await postEvent(stripeEvent("invoice.payment_failed", unpaid));
    await postEvent(stripeEvent("invoice.payment_failed", { ...unpaid, attempt_count: 2 }));
    const gift = () =>
      prisma().monthlyGift.findUniqueOrThrow({ where: { stripeSubscriptionId: ids.subscription } });
    expect(await gift()).toMatchObject({ status: "past_due" });
    expect((await gift()).lastFailedAt).not.toBeNull();
    expect(
      await prisma().emailDelivery.count({
        where: { kind: "donation-failed", payload: { path: ["invoiceId"], equals: unpaid.id } },
      }),
    ).toBe(1);
    await postEvent(stripeEvent("invoice.paid", { ...unpaid, status: "paid", amount_paid: 2_500 }));
    expect((await gift()).status).toBe("active");
    const subscription = {
      id: ids.subscription,
      object: "subscription",
      status: "canceled",
      customer: ids.customer,
    };
    await postEvent(stripeEvent("customer.subscription.deleted", subscription));
    expect(await gift()).toMatchObject({ status: "canceled" });
    expect((await gift()).canceledAt).not.toBeNull();
  });
});
