import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deliverSimulatedStripeEventsJob } from "~/jobs/deliver-simulated-stripe-events.server";
import { checkoutSessionParams, findDonationForThanks } from "~/models/donation.server";
import {
  actOnSimulatedCheckout,
  DELIVER_SIMULATED_STRIPE_EVENTS_JOB,
} from "~/models/simulated-checkout.server";
import { action as stripeWebhook } from "~/routes/webhooks.stripe";
import { getStripe } from "~/services/stripe.server";
import { getSimulatedStandIn } from "~/services/stripe-stand-in/client.server";
import type { PaymentIntent } from "~/services/stripe-stand-in/objects";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { getPrisma } from "~/utils/db.server";
import type { ValidDonation } from "~/utils/donation-form";
import { TEST_CONTEXT } from "../support/staff";

/*
 * Local mode end to end, without a browser: the app's own Checkout Session parameters, the
 * simulated checkout's acts, the delivery job, and the real /webhooks/stripe action (verification
 * and handlers), reached over HTTP as Stripe would reach it.
 */

const webhookStatuses: number[] = [];
const app = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: "POST",
      headers: {
        "content-type": String(req.headers["content-type"]),
        "stripe-signature": String(req.headers["stripe-signature"]),
      },
      body: Buffer.concat(chunks),
    });
    stripeWebhook({ request, params: {}, context: TEST_CONTEXT })
      .then(async (response) => {
        webhookStatuses.push(response.status);
        res.writeHead(response.status).end(await response.text());
      })
      .catch((error: unknown) => {
        webhookStatuses.push(500);
        res.writeHead(500).end(String(error));
      });
  });
});
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
process.env.APP_URL = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
delete process.env.STRIPE_SECRET_KEY;

afterAll(async () => {
  await new Promise<void>((resolve) => app.close(() => resolve()));
});
beforeEach(async () => {
  webhookStatuses.length = 0;
  await getPrisma().$executeRaw`DELETE FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB}`;
});

/** Runs the queued deliveries as the worker would, oldest first, and empties the queue. */
async function deliverQueued(): Promise<void> {
  const rows = await getPrisma().$queryRaw<{ id: string; data: { event: StripeEvent } }[]>`
    SELECT id::text, data FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB}
    ORDER BY created_on, id`;
  for (const row of rows) {
    await deliverSimulatedStripeEventsJob.run(deliverSimulatedStripeEventsJob.parse(row.data));
  }
  await getPrisma().$executeRaw`DELETE FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB}`;
}

async function startGift(
  gift: Partial<ValidDonation> & Pick<ValidDonation, "amount" | "currency" | "frequency">,
) {
  const full: ValidDonation = {
    email: "donor@example.org",
    name: null,
    showName: false,
    message: null,
    ...gift,
  };
  const donation = await getPrisma().donation.create({
    data: {
      kind: full.frequency === "monthly" ? "monthly" : "one_time",
      amount: full.amount,
      currency: full.currency,
      locale: "ja",
      email: full.email,
    },
  });
  const session = await getStripe().checkout.sessions.create(
    checkoutSessionParams(donation.id, full, { locale: "ja", campaign: null }),
    { idempotencyKey: `donation-checkout:${donation.id}` },
  );
  await getPrisma().donation.update({ where: { id: donation.id }, data: { checkoutSessionId: session.id } });
  expect(session.url).toBe(`${process.env.APP_URL}/dev/checkout/${session.id}`);
  return { donationId: donation.id, sessionId: session.id };
}

describe("a gift through the simulated checkout, recorded by the real webhook", () => {
  it("¥3,000 once by card: paid, exactly once", async () => {
    const { donationId, sessionId } = await startGift({ amount: 3000, currency: "JPY", frequency: "once" });
    expect(await findDonationForThanks(sessionId)).toMatchObject({ status: "pending" });
    await actOnSimulatedCheckout(sessionId, "pay-card");
    await deliverQueued();
    expect(webhookStatuses.every((status) => status === 200)).toBe(true);
    const donation = await getPrisma().donation.findUniqueOrThrow({ where: { id: donationId } });
    expect(donation).toMatchObject({
      status: "succeeded",
      amount: 3000,
      currency: "JPY",
    });
    expect(donation.paymentIntentId).toMatch(/^pi_/);
    expect(await getPrisma().donation.count()).toBe(1);
  });

  it("a declined card records nothing paid", async () => {
    const { donationId, sessionId } = await startGift({ amount: 2500, currency: "USD", frequency: "once" });
    await actOnSimulatedCheckout(sessionId, "fail");
    await deliverQueued();
    expect(webhookStatuses.every((status) => status === 200)).toBe(true);
    const donation = await getPrisma().donation.findUniqueOrThrow({ where: { id: donationId } });
    expect(donation.status).toBe("pending");
    expect(donation.paidAt).toBeNull();
  });

  it("konbini: pending until it settles, then paid", async () => {
    const { donationId, sessionId } = await startGift({ amount: 3000, currency: "JPY", frequency: "once" });
    await actOnSimulatedCheckout(sessionId, "pay-delayed");
    await deliverQueued();
    expect(await getPrisma().donation.findUniqueOrThrow({ where: { id: donationId } })).toMatchObject({
      status: "pending",
    });
    await actOnSimulatedCheckout(sessionId, "settle-paid");
    await deliverQueued();
    expect(await getPrisma().donation.findUniqueOrThrow({ where: { id: donationId } })).toMatchObject({
      status: "succeeded",
    });
  });

  it("$25 monthly: the first charge, a renewal as its own row, a failed renewal, a refund", async () => {
    const { donationId, sessionId } = await startGift({
      amount: 2500,
      currency: "USD",
      frequency: "monthly",
    });
    await actOnSimulatedCheckout(sessionId, "pay-card");
    await deliverQueued();
    expect(webhookStatuses.every((status) => status === 200)).toBe(true);
    const first = await getPrisma().donation.findUniqueOrThrow({ where: { id: donationId } });
    expect(first).toMatchObject({ status: "succeeded", kind: "monthly", amount: 2500, currency: "USD" });
    const gift = await getPrisma().monthlyGift.findFirstOrThrow();
    expect(gift).toMatchObject({ status: "active", amount: 2500, currency: "USD" });

    const standIn = getSimulatedStandIn();
    const { queueSimulatedEvents } = await import("~/models/simulated-checkout.server");
    await queueSimulatedEvents(standIn.renewSubscription(gift.stripeSubscriptionId!));
    await deliverQueued();
    const rows = await getPrisma().donation.findMany({
      where: { monthlyGiftId: gift.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => row.status)).toEqual(["succeeded", "succeeded"]);
    expect(new Set(rows.map((row) => row.invoiceId)).size).toBe(2);

    await queueSimulatedEvents(standIn.failRenewal(gift.stripeSubscriptionId!));
    await deliverQueued();
    expect(await getPrisma().monthlyGift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      status: "past_due",
    });

    const renewalIntent = standIn.get<PaymentIntent>(rows[1]!.paymentIntentId!);
    await queueSimulatedEvents(standIn.refundCharge(renewalIntent!.latest_charge!));
    await deliverQueued();
    expect(await getPrisma().donation.findUniqueOrThrow({ where: { id: rows[1]!.id } })).toMatchObject({
      status: "refunded",
      amountRefunded: 2500,
    });
    expect(webhookStatuses.every((status) => status === 200)).toBe(true);
  });
});
