// Webhooks in any order, with the Stripe stand-in as the API the handler fetches from: a monthly
// gift whose events arrive shuffled ends as Stripe says it is now, never as an older event said.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutSessionParams } from "~/models/donation.server";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { getPrisma } from "~/utils/db.server";
import { postEvent, TEST_WEBHOOK_SECRET } from "../support/stripe-events";
import { startStripeStandIn, type StripeHttpStandIn } from "../stand-ins/stripe-stand-in";

let stripe: StripeHttpStandIn;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  process.env.STRIPE_SECRET_KEY = "sk_test_rollcall_order";
  process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = stripe.url;
});

afterAll(async () => {
  await stripe?.close();
});

/** A monthly gift as the donate form starts it, paid through the stand-in's checkout. */
async function paidMonthlyGift() {
  const donation = await getPrisma().donation.create({
    data: { kind: "monthly", amount: 2_500, currency: "USD", locale: "en", email: "order@example.org" },
  });
  const gift = {
    amount: 2_500,
    currency: "USD" as const,
    frequency: "monthly" as const,
    email: "order@example.org",
    name: null,
    showName: false,
    message: null,
  };
  const session = await stripe
    .client()
    .checkout.sessions.create(checkoutSessionParams(donation.id, gift, { locale: "en", campaign: null }));
  await getPrisma().donation.update({ where: { id: donation.id }, data: { checkoutSessionId: session.id } });
  const events = stripe.completeCheckout(session.id);
  const subscriptionId = (await stripe.client().checkout.sessions.retrieve(session.id))
    .subscription as string;
  return { donation, events, subscriptionId };
}

const handled = (events: StripeEvent[], type: string) => events.filter((event) => event.type === type);

describe("shuffled order", () => {
  it("a stale subscription update delivered after a failed renewal leaves the gift past due", async () => {
    const { donation, events, subscriptionId } = await paidMonthlyGift();
    for (const event of events) expect((await postEvent(event)).status).toBe(200);
    const gift = () =>
      getPrisma().monthlyGift.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
    expect((await gift()).status).toBe("active");
    expect((await getPrisma().donation.findUniqueOrThrow({ where: { id: donation.id } })).status).toBe(
      "succeeded",
    );

    const failure = stripe.failRenewal(subscriptionId);
    const updates = handled(failure, "customer.subscription.updated");
    expect(updates.length).toBeGreaterThan(0);
    // An update from when the gift was still active, delivered last, as Stripe may.
    const stale = {
      ...updates[0]!,
      id: "evt_test_stale_update",
      data: { object: { ...updates[0]!.data.object, status: "active" } },
    };
    for (const event of [...failure, stale]) await postEvent(event);
    expect((await gift()).status).toBe("past_due");
  });

  it("a cancellation followed by a late update leaves the gift cancelled", async () => {
    const { events, subscriptionId } = await paidMonthlyGift();
    const renewal = stripe.renewSubscription(subscriptionId);
    const cancellation = stripe.cancelSubscription(subscriptionId);
    // Everything at once, newest first.
    for (const event of [...events, ...renewal, ...cancellation].reverse()) await postEvent(event);
    const gift = await getPrisma().monthlyGift.findUniqueOrThrow({
      where: { stripeSubscriptionId: subscriptionId },
    });
    expect(gift.status).toBe("canceled");
    const charges = await getPrisma().donation.findMany({
      where: { monthlyGiftId: gift.id, status: "succeeded" },
    });
    expect(charges).toHaveLength(2);
  });
});
