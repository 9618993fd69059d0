// Stripe webhook events for tests, in the shapes of Stripe's API version 2026-10-28.endive, signed
// exactly as Stripe signs them (the official SDK's generateTestHeaderString) and posted to the
// real route. Only the fields the handler reads, plus the envelope every event has.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { action } from "~/routes/webhooks.stripe";
import { getPrisma } from "~/utils/db.server";

export const TEST_WEBHOOK_SECRET = "whsec_rollcall_test_webhook_secret_0123456789";
export const API_VERSION = "2026-10-28.endive";

const stripe = new Stripe("sk_test_rollcall_tests");

type AnyObject = Record<string, unknown> & { id: string };

export function stripeEvent(type: string, object: AnyObject, id = `evt_${randomUUID().replaceAll("-", "")}`) {
  return {
    id,
    object: "event",
    api_version: API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

type SignOptions = {
  secret?: string;
  timestamp?: number;
  tamper?: (body: string) => string;
  signature?: string | null;
};

export function webhookRequest(event: object, options: SignOptions = {}): Request {
  const payload = JSON.stringify(event);
  const signature =
    options.signature !== undefined
      ? options.signature
      : stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? TEST_WEBHOOK_SECRET,
          ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        });
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new Request("http://127.0.0.1/webhooks/stripe", {
    method: "POST",
    headers,
    body: options.tamper ? options.tamper(payload) : payload,
  });
}

export async function postEvent(event: object, options: SignOptions = {}) {
  const response = await action({
    request: webhookRequest(event, options),
    params: {},
    context: { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" },
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; outcome?: string } };
}

const stripeId = (prefix: string) => `${prefix}_test_${randomUUID().replaceAll("-", "").slice(0, 24)}`;

/** A pending gift as the donate form leaves it, with its Checkout Session id. */
export async function pendingDonation(
  options: {
    kind?: "one_time" | "monthly";
    amount?: number;
    currency?: "USD" | "KRW" | "JPY" | "EUR" | "GBP";
    email?: string;
    campaignId?: string | null;
  } = {},
) {
  return getPrisma().donation.create({
    data: {
      kind: options.kind ?? "one_time",
      amount: options.amount ?? 2_500,
      currency: options.currency ?? "USD",
      locale: "en",
      email: options.email ?? `donor-${randomUUID().slice(0, 8)}@example.org`,
      campaignId: options.campaignId ?? null,
      checkoutSessionId: stripeId("cs"),
    },
  });
}

type Donation = Awaited<ReturnType<typeof pendingDonation>>;

export function paymentSession(donation: Donation, overrides: Record<string, unknown> = {}) {
  return {
    id: donation.checkoutSessionId!,
    object: "checkout.session",
    mode: "payment",
    status: "complete",
    payment_status: "paid",
    amount_total: donation.amount,
    currency: donation.currency.toLowerCase(),
    customer: null,
    customer_email: donation.email,
    payment_intent: stripeId("pi"),
    subscription: null,
    invoice: null,
    metadata: {
      donation_id: donation.id,
      ...(donation.campaignId ? { campaign_id: donation.campaignId } : {}),
    },
    ...overrides,
  };
}

export function subscriptionSession(
  donation: Donation,
  ids: { subscription: string; invoice: string; customer: string },
) {
  return {
    ...paymentSession(donation),
    mode: "subscription",
    payment_intent: null,
    customer: ids.customer,
    subscription: ids.subscription,
    invoice: ids.invoice,
  };
}

export function invoice(
  donation: Donation,
  ids: { subscription: string; customer: string },
  options: { billingReason?: string; id?: string; paymentIntent?: string; attemptCount?: number } = {},
) {
  return {
    id: options.id ?? stripeId("in"),
    object: "invoice",
    billing_reason: options.billingReason ?? "subscription_cycle",
    amount_paid: donation.amount,
    amount_due: donation.amount,
    attempt_count: options.attemptCount ?? 1,
    currency: donation.currency.toLowerCase(),
    customer: ids.customer,
    status: "paid",
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: {
        subscription: ids.subscription,
        metadata: {
          donation_id: donation.id,
          ...(donation.campaignId ? { campaign_id: donation.campaignId } : {}),
        },
      },
    },
    payments: {
      object: "list",
      data: [
        {
          id: stripeId("inpay"),
          object: "invoice_payment",
          payment: { type: "payment_intent", payment_intent: options.paymentIntent ?? stripeId("pi") },
          status: "paid",
        },
      ],
    },
  };
}

export function charge(paymentIntent: string, amount: number, amountRefunded: number, id = stripeId("ch")) {
  return {
    id,
    object: "charge",
    amount,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= amount,
    payment_intent: paymentIntent,
  };
}

export function dispute(chargeId: string, paymentIntent: string, status: string, id = stripeId("du")) {
  return { id, object: "dispute", charge: chargeId, payment_intent: paymentIntent, status };
}

export const newIds = () => ({
  subscription: stripeId("sub"),
  invoice: stripeId("in"),
  customer: stripeId("cus"),
});
