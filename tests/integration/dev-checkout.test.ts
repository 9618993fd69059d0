import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deliverSimulatedStripeEventsJob } from "~/jobs/deliver-simulated-stripe-events.server";
import { DELIVER_SIMULATED_STRIPE_EVENTS_JOB } from "~/models/simulated-checkout.server";
import { action as portalAction, loader as portalLoader } from "~/routes/dev.billing-portal.$id";
import { action, loader } from "~/routes/dev.checkout.$id";
import { getStripe, stripeWebhookSecret } from "~/services/stripe.server";
import { getSimulatedStandIn } from "~/services/stripe-stand-in/client.server";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { getPrisma } from "~/utils/db.server";
import type * as EnvModule from "~/utils/env.server";
import { TEST_CONTEXT } from "../support/staff";

// The app's own webhook endpoint, stood in for by a receiver that records what it is sent: the
// real /webhooks/stripe is tested on its own.
let webhookStatus = 200;
const received: { path: string; body: string; headers: IncomingHttpHeaders }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({
      path: req.url ?? "",
      body: Buffer.concat(chunks).toString("utf8"),
      headers: req.headers,
    });
    res.writeHead(webhookStatus).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const APP = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
process.env.APP_URL = APP;
delete process.env.STRIPE_SECRET_KEY;

// Lets one test see the page as it is with real Stripe keys.
const envOverride: { payments?: "stripe" | "off" } = {};
vi.mock("~/utils/env.server", async (importOriginal) => {
  const original = await importOriginal<typeof EnvModule>();
  return { ...original, getEnv: () => ({ ...original.getEnv(), ...envOverride }) };
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  received.length = 0;
  webhookStatus = 200;
  delete envOverride.payments;
  await getPrisma().$executeRaw`DELETE FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB}`;
});

async function createSession(kind: "once" | "monthly", currency: string, amount: number) {
  return getStripe().checkout.sessions.create({
    mode: kind === "once" ? "payment" : "subscription",
    ...(kind === "once" ? { submit_type: "donate" as const } : {}),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency,
          unit_amount: amount,
          product_data: { name: "Gift to Rollcall" },
          ...(kind === "monthly" ? { recurring: { interval: "month" as const } } : {}),
        },
      },
    ],
    metadata: { donationId: "don_1" },
    success_url: `${APP}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${APP}/donate?canceled=1`,
  });
}

function post(id: string, act: string) {
  const request = new Request(`${APP}/dev/checkout/${id}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ act }),
  });
  return action({ request, params: { id }, context: TEST_CONTEXT });
}

async function view(id: string) {
  const result = (await loader({
    request: new Request(`${APP}/dev/checkout/${id}`),
    params: { id },
    context: TEST_CONTEXT,
  })) as unknown as { data: Record<string, unknown> };
  return result.data;
}

async function queuedEvents(): Promise<StripeEvent[]> {
  const rows = await getPrisma().$queryRaw<{ data: { event: StripeEvent } }[]>`
    SELECT data FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB} ORDER BY created_on, id`;
  return rows.map((row) => row.data.event);
}

function expectRedirect(response: unknown, location: string) {
  expect(response).toBeInstanceOf(Response);
  expect((response as Response).status).toBe(302);
  expect((response as Response).headers.get("location")).toBe(location);
}

describe("the simulated checkout page", () => {
  it("speaks the session's language, as Stripe's page does, whatever the browser asks for", async () => {
    const japanese = await getStripe().checkout.sessions.create({
      mode: "payment",
      locale: "ja",
      line_items: [
        { quantity: 1, price_data: { currency: "jpy", unit_amount: 3000, product_data: { name: "寄付" } } },
      ],
      success_url: `${APP}/ja/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${APP}/ja/donate/canceled`,
    });
    const request = new Request(`${APP}/dev/checkout/${japanese.id}`, {
      headers: { "accept-language": "en-US,en;q=0.9" },
    });
    const page = (await loader({
      request,
      params: { id: japanese.id },
      context: TEST_CONTEXT,
    })) as unknown as {
      data: { locale: string; messages: Record<string, string> };
    };
    expect(page.data.locale).toBe("ja");
    expect(page.data.messages["devCheckout.title"]).toBe("お支払い");

    // Without a session language (or one we do not translate) the browser's choice stands.
    const unnamed = await createSession("once", "usd", 2500);
    expect((await view(unnamed.id)).locale).toBe("en");
    const korean = new Request(`${APP}/dev/checkout/${unnamed.id}`, { headers: { "accept-language": "ko" } });
    const koPage = (await loader({
      request: korean,
      params: { id: unnamed.id },
      context: TEST_CONTEXT,
    })) as unknown as {
      data: { locale: string };
    };
    expect(koPage.data.locale).toBe("ko");
  });

  it("shows the gift and pays it by card: events queued, back to the success URL", async () => {
    const session = await createSession("once", "jpy", 3000);
    expect(session.url).toBe(`${APP}/dev/checkout/${session.id}`);
    expect(await view(session.id)).toMatchObject({
      mode: "payment",
      status: "open",
      amount: 3000,
      currency: "JPY",
      productName: "Gift to Rollcall",
      delayedMethod: "konbini",
      successUrl: `/donate/thanks?session_id=${session.id}`,
      cancelUrl: "/donate?canceled=1",
    });

    expectRedirect(await post(session.id, "pay-card"), `/donate/thanks?session_id=${session.id}`);
    const events = await queuedEvents();
    expect(events.map((event) => event.type).sort()).toEqual(
      ["charge.succeeded", "checkout.session.completed", "payment_intent.succeeded"].sort(),
    );
    const retrieved = await getStripe().checkout.sessions.retrieve(session.id);
    expect(retrieved).toMatchObject({ status: "complete", payment_status: "paid" });
    // Paying twice is refused and queues nothing more.
    const again = (await post(session.id, "pay-card")) as unknown as { init: { status: number } };
    expect(again.init.status).toBe(409);
    expect(await queuedEvents()).toHaveLength(3);
  });

  it("declines a payment: an error on the page, nothing paid, the session still open", async () => {
    const session = await createSession("once", "usd", 2500);
    const result = (await post(session.id, "fail")) as unknown as { data: { problem: string } };
    expect(result.data.problem).toBe("devCheckout.failed");
    expect((await queuedEvents()).map((event) => event.type)).toEqual(
      expect.arrayContaining(["charge.failed", "payment_intent.payment_failed"]),
    );
    expect(await view(session.id)).toMatchObject({ status: "open", paymentStatus: "unpaid" });
  });

  it("cancels back to the cancel URL without any event", async () => {
    const session = await createSession("monthly", "krw", 10000);
    expect(await view(session.id)).toMatchObject({ mode: "subscription", delayedMethod: null });
    expectRedirect(await post(session.id, "cancel"), "/donate?canceled=1");
    expect(await queuedEvents()).toEqual([]);
    expect(await view(session.id)).toMatchObject({ status: "open" });
  });

  it("pays at a konbini, then settles later", async () => {
    const session = await createSession("once", "jpy", 3000);
    expectRedirect(await post(session.id, "pay-delayed"), `/donate/thanks?session_id=${session.id}`);
    expect(await view(session.id)).toMatchObject({
      status: "complete",
      paymentStatus: "unpaid",
      awaitingSettlement: true,
    });
    expectRedirect(await post(session.id, "settle-paid"), `/dev/checkout/${session.id}?settled=paid`);
    expect(await view(session.id)).toMatchObject({ paymentStatus: "paid", awaitingSettlement: false });
    expect((await queuedEvents()).map((event) => event.type)).toContain(
      "checkout.session.async_payment_succeeded",
    );
  });

  it("is not found for an unknown session, or when payments are not simulated", async () => {
    await expect(view("cs_test_unknown")).rejects.toMatchObject({ status: 404 });
    const session = await createSession("once", "usd", 2500);
    envOverride.payments = "stripe";
    await expect(view(session.id)).rejects.toMatchObject({ status: 404 });
    await expect(post(session.id, "pay-card")).rejects.toMatchObject({ status: 404 });
    expect(getSimulatedStandIn().get(session.id)).toMatchObject({ status: "open" });
  });

  it("refuses an unknown act with 400", async () => {
    const session = await createSession("once", "usd", 2500);
    const result = (await post(session.id, "refund-everything")) as unknown as { init: { status: number } };
    expect(result.init.status).toBe(400);
  });
});

describe("the simulated customer portal", () => {
  async function portalPost(id: string, subscription: string) {
    const request = new Request(`${APP}/dev/billing-portal/${id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ subscription }),
    });
    return portalAction({ request, params: { id }, context: TEST_CONTEXT });
  }
  async function portalView(id: string) {
    const result = (await portalLoader({
      request: new Request(`${APP}/dev/billing-portal/${id}`),
      params: { id },
      context: TEST_CONTEXT,
    })) as unknown as { data: { subscriptions: { id: string; status: string }[]; returnUrl: string } };
    return result.data;
  }
  async function monthlyDonor() {
    const session = await createSession("monthly", "krw", 10000);
    await post(session.id, "pay-card");
    const paid = await getStripe().checkout.sessions.retrieve(session.id);
    return { customer: paid.customer as string, subscription: paid.subscription as string };
  }

  it("lists the customer's monthly gifts and cancels one, queueing customer.subscription.deleted", async () => {
    const donor = await monthlyDonor();
    const other = await monthlyDonor();
    const portal = await getStripe().billingPortal.sessions.create({
      customer: donor.customer,
      return_url: `${APP}/ko/donate`,
    });
    expect(portal.url).toBe(`${APP}/dev/billing-portal/${portal.id}`);
    expect(await portalView(portal.id)).toEqual({
      id: portal.id,
      returnUrl: "/ko/donate",
      subscriptions: [
        { id: donor.subscription, status: "active", amount: 10000, currency: "KRW", interval: "month" },
      ],
    });
    await getPrisma().$executeRaw`DELETE FROM pgboss.job WHERE name = ${DELIVER_SIMULATED_STRIPE_EVENTS_JOB}`;

    // Another donor's gift cannot be canceled from this portal.
    const refused = (await portalPost(portal.id, other.subscription)) as unknown as {
      init: { status: number };
    };
    expect(refused.init.status).toBe(400);
    expectRedirect(await portalPost(portal.id, donor.subscription), `/dev/billing-portal/${portal.id}`);
    expect((await queuedEvents()).map((event) => event.type)).toEqual(["customer.subscription.deleted"]);
    expect((await portalView(portal.id)).subscriptions[0]).toMatchObject({ status: "canceled" });
    const again = (await portalPost(portal.id, donor.subscription)) as unknown as {
      init: { status: number };
    };
    expect(again.init.status).toBe(400);
    await expect(getStripe().subscriptions.retrieve(other.subscription)).resolves.toMatchObject({
      status: "active",
    });
  });

  it("is not found for an unknown portal session", async () => {
    await expect(portalView("bps_unknown")).rejects.toMatchObject({ status: 404 });
  });
});

describe("the delivery job", () => {
  it("POSTs each event to /webhooks/stripe, signed so the app's verification accepts it", async () => {
    const session = await createSession("monthly", "usd", 2500);
    const events = getSimulatedStandIn().completeCheckout(session.id);
    for (const event of events)
      await deliverSimulatedStripeEventsJob.run(deliverSimulatedStripeEventsJob.parse({ event }));
    expect(received.map((delivery) => delivery.path)).toEqual(events.map(() => "/webhooks/stripe"));
    for (const [index, delivery] of received.entries()) {
      const verified = Stripe.webhooks.constructEvent(
        delivery.body,
        delivery.headers["stripe-signature"] as string,
        stripeWebhookSecret(),
        300,
      );
      expect(verified.id).toBe(events[index]!.id);
      expect(verified.type).toBe(events[index]!.type);
    }
  });

  it("fails (so the queue retries) while the webhook answers an error", async () => {
    const session = await createSession("once", "usd", 2500);
    const [event] = getSimulatedStandIn().expireCheckout(session.id);
    webhookStatus = 500;
    await expect(deliverSimulatedStripeEventsJob.run({ event: event! })).rejects.toThrow(/answered 500/);
    webhookStatus = 200;
    await expect(deliverSimulatedStripeEventsJob.run({ event: event! })).resolves.toBeUndefined();
    expect(received).toHaveLength(2);
  });

  it("queues the events an API call causes (a session expired by the app)", async () => {
    const session = await createSession("once", "usd", 2500);
    await getStripe().checkout.sessions.expire(session.id);
    await vi.waitFor(async () => {
      expect((await queuedEvents()).map((event) => event.type)).toEqual(["checkout.session.expired"]);
    });
  });

  it("refuses malformed job data", () => {
    expect(() => deliverSimulatedStripeEventsJob.parse({ event: { id: "nope" } })).toThrow();
  });
});
