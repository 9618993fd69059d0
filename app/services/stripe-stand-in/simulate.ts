import {
  advancePeriod,
  createCustomer,
  createSubscription,
  createSubscriptionInvoice,
  finalizeInvoice,
  recordInvoicePayment,
} from "~/services/stripe-stand-in/billing";
import { invalidRequest } from "~/services/stripe-stand-in/errors";
import { recordEvent } from "~/services/stripe-stand-in/events";
import type {
  Charge,
  CheckoutSession,
  Customer,
  Dispute,
  Invoice,
  PaymentIntent,
  Price,
  Subscription,
} from "~/services/stripe-stand-in/objects";
import {
  createCharge,
  createDispute,
  createPaymentIntent,
  createRefund,
  isDelayed,
} from "~/services/stripe-stand-in/payments";
import { newId } from "~/services/stripe-stand-in/ids";
import { find, nowSeconds, setIncludable, type StandInState } from "~/services/stripe-stand-in/state";
import type { JsonObject, Metadata, StripeEvent } from "~/services/stripe-stand-in/types";

/*
 * What a donor and Stripe do after the redirect, as state changes and the events Stripe sends for
 * them, in the order Stripe sends them. Each returns its events; none is delivered here.
 */

export type CompleteOptions = { paymentMethod?: string; email?: string; name?: string };

function creation(state: StandInState, session: CheckoutSession) {
  const data = state.includable.get(session.id)?._creation as JsonObject | undefined;
  return {
    subscriptionMetadata: (data?.subscription_metadata ?? {}) as Metadata,
    intentMetadata: (data?.payment_intent_metadata ?? {}) as Metadata,
    intentDescription: (data?.payment_intent_description ?? null) as string | null,
  };
}

/** The PaymentIntent a one-off session's payment creates, carrying what the session was created with. */
function sessionPaymentIntent(state: StandInState, session: CheckoutSession, method: string): PaymentIntent {
  const { intentMetadata, intentDescription } = creation(state, session);
  return createPaymentIntent(state, {
    amount: session.amount_total,
    currency: session.currency,
    customer: session.customer,
    metadata: intentMetadata,
    paymentMethodType: method,
    description: intentDescription,
  });
}

/** The PaymentIntent that charges a subscription invoice, as Stripe makes one for each invoice. */
function invoicePaymentIntent(state: StandInState, invoice: Invoice, method: string, description: string) {
  return createPaymentIntent(state, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    customer: invoice.customer,
    metadata: {},
    paymentMethodType: method,
    description,
  });
}

function openSession(state: StandInState, sessionId: string): CheckoutSession {
  const session = find<CheckoutSession>(state, "checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is ${session.status}: it can no longer be paid.`, "session");
  }
  if (session.expires_at <= nowSeconds()) {
    throw invalidRequest("This Checkout Session has expired.", "session");
  }
  return session;
}

function chosenMethod(session: CheckoutSession, requested: string | undefined): string {
  const method = requested ?? "card";
  if (!session.payment_method_types.includes(method)) {
    throw invalidRequest(
      `The payment method \`${method}\` is not offered by this Checkout Session (it offers ${session.payment_method_types.join(", ")}).`,
      "payment_method",
    );
  }
  return method;
}

function customerDetails(
  session: CheckoutSession,
  options: CompleteOptions,
  customer: Customer | null,
): JsonObject {
  return {
    address: null,
    business_name: null,
    email: options.email ?? customer?.email ?? session.customer_email ?? "donor@example.com",
    individual_name: null,
    name: options.name ?? customer?.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

function linePrice(state: StandInState, session: CheckoutSession): { price: Price; quantity: number } {
  const lineItems = state.includable.get(session.id)?.line_items as { data: JsonObject[] };
  const first = lineItems.data[0]!;
  return { price: first.price as Price, quantity: first.quantity as number };
}

/** The donor pays on the hosted page. */
export function completeCheckout(
  state: StandInState,
  sessionId: string,
  options: CompleteOptions = {},
): StripeEvent[] {
  const session = openSession(state, sessionId);
  const method = chosenMethod(session, options.paymentMethod);
  const existing = session.customer ? find<Customer>(state, "customer", session.customer) : null;
  const details = customerDetails(session, options, existing);
  const email = details.email as string;
  const events: StripeEvent[] = [];

  if (session.mode === "payment") {
    const intent = sessionPaymentIntent(state, session, method);
    session.payment_intent = intent.id;
    session.customer_details = details;
    session.status = "complete";
    session.url = null;
    if (isDelayed(method)) {
      // A konbini voucher: the gift is promised, paid at the counter days later (or never).
      intent.status = "requires_action";
      intent.next_action = {
        type: "konbini_display_details",
        konbini_display_details: {
          expires_at: nowSeconds() + 3 * 86_400,
          hosted_voucher_url: `https://payments.stripe.com/konbini/voucher/test_${intent.id}`,
        },
      };
      session.payment_status = "unpaid";
      events.push(recordEvent(state, "payment_intent.requires_action", intent));
    } else {
      const charge = createCharge(state, intent, "succeeded", email);
      session.payment_status = "paid";
      events.push(recordEvent(state, "charge.succeeded", charge));
      events.push(recordEvent(state, "payment_intent.succeeded", intent));
    }
    events.push(recordEvent(state, "checkout.session.completed", session));
    return events;
  }

  // Subscription mode: Stripe makes the customer, the subscription and its first invoice, and
  // charges that invoice before it reports the session complete.
  const { subscriptionMetadata } = creation(state, session);
  const customer =
    existing ?? createCustomer(state, { email, name: (details.name as string | null) ?? null, metadata: {} });
  if (!existing) events.push(recordEvent(state, "customer.created", customer));
  const { price, quantity } = linePrice(state, session);
  const subscription = createSubscription(state, {
    customer: customer.id,
    price,
    quantity,
    metadata: subscriptionMetadata,
    paymentMethod: newId("pm_"),
  });
  // Later renewals are charged to the same method.
  setIncludable(state, subscription.id, "_payment_method_type", method);
  const invoice = createSubscriptionInvoice(state, subscription, customer, "subscription_create");
  events.push(recordEvent(state, "customer.subscription.created", subscription));
  events.push(recordEvent(state, "invoice.created", invoice));
  finalizeInvoice(invoice);
  events.push(recordEvent(state, "invoice.finalized", invoice));
  const intent = invoicePaymentIntent(state, invoice, method, "Subscription creation");
  const charge = createCharge(state, intent, "succeeded", email);
  recordInvoicePayment(state, invoice, intent, true);
  events.push(recordEvent(state, "charge.succeeded", charge));
  events.push(recordEvent(state, "payment_intent.succeeded", intent));
  events.push(recordEvent(state, "invoice.paid", invoice));
  events.push(recordEvent(state, "invoice.payment_succeeded", invoice));
  session.customer = customer.id;
  session.customer_details = details;
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.status = "complete";
  session.payment_status = "paid";
  session.url = null;
  events.push(recordEvent(state, "checkout.session.completed", session));
  return events;
}

/**
 * The donor's payment is declined on the hosted page: nothing is paid, the session stays open for
 * another try. In payment mode Stripe has made a payment intent and a failed charge by then.
 */
export function failCheckout(
  state: StandInState,
  sessionId: string,
  options: CompleteOptions = {},
): StripeEvent[] {
  const session = openSession(state, sessionId);
  const method = chosenMethod(session, options.paymentMethod);
  if (session.mode !== "payment") return [];
  const intent = session.payment_intent
    ? find<PaymentIntent>(state, "payment_intent", session.payment_intent)
    : sessionPaymentIntent(state, session, method);
  session.payment_intent = intent.id;
  const charge = createCharge(state, intent, "failed", options.email ?? session.customer_email);
  return [
    recordEvent(state, "charge.failed", charge),
    recordEvent(state, "payment_intent.payment_failed", intent),
  ];
}

/** A delayed payment (konbini) is paid at the counter, or its voucher runs out. */
export function settleDelayedPayment(
  state: StandInState,
  sessionId: string,
  outcome: "succeeded" | "failed",
): StripeEvent[] {
  const session = find<CheckoutSession>(state, "checkout.session", sessionId);
  const intent = session.payment_intent
    ? find<PaymentIntent>(state, "payment_intent", session.payment_intent)
    : null;
  if (
    session.status !== "complete" ||
    session.payment_status !== "unpaid" ||
    intent?.status !== "requires_action"
  ) {
    throw invalidRequest("This Checkout Session has no delayed payment waiting to settle.", "session");
  }
  if (outcome === "succeeded") {
    const email = (session.customer_details?.email as string | undefined) ?? null;
    const charge = createCharge(state, intent, "succeeded", email);
    session.payment_status = "paid";
    return [
      recordEvent(state, "charge.succeeded", charge),
      recordEvent(state, "payment_intent.succeeded", intent),
      recordEvent(state, "checkout.session.async_payment_succeeded", session),
    ];
  }
  intent.status = "requires_payment_method";
  intent.next_action = null;
  intent.last_payment_error = {
    type: "invalid_request_error",
    code: "payment_intent_payment_attempt_expired",
    message: "The payment was not completed before the voucher expired.",
  };
  return [
    recordEvent(state, "payment_intent.payment_failed", intent),
    recordEvent(state, "checkout.session.async_payment_failed", session),
  ];
}

/** The session runs out (or is expired through the API) before the donor pays. */
export function expireCheckout(state: StandInState, sessionId: string): StripeEvent[] {
  const session = find<CheckoutSession>(state, "checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status in [\`open\`] can be expired. This Checkout Session has a status of \`${session.status}\`.`,
      "session",
    );
  }
  session.status = "expired";
  session.url = null;
  return [recordEvent(state, "checkout.session.expired", session)];
}

function activeSubscription(state: StandInState, subscriptionId: string): Subscription {
  const subscription = find<Subscription>(state, "subscription", subscriptionId);
  if (subscription.status === "canceled") {
    throw invalidRequest("This subscription is canceled: it is no longer billed.", "subscription");
  }
  return subscription;
}

type RenewalOutcome = "paid" | "declined" | "needs_action";

function renewal(state: StandInState, subscription: Subscription, outcome: RenewalOutcome): StripeEvent[] {
  const paid = outcome === "paid";
  advancePeriod(subscription);
  const customer = find<Customer>(state, "customer", subscription.customer);
  const invoice = createSubscriptionInvoice(state, subscription, customer, "subscription_cycle");
  const events = [recordEvent(state, "invoice.created", invoice)];
  finalizeInvoice(invoice);
  events.push(recordEvent(state, "invoice.finalized", invoice));
  const method = String(state.includable.get(subscription.id)?._payment_method_type ?? "card");
  const intent = invoicePaymentIntent(state, invoice, method, "Subscription update");
  if (outcome === "needs_action") {
    // The bank asks the donor to authenticate (3-D Secure): no charge until they do.
    intent.status = "requires_action";
    intent.next_action = { type: "use_stripe_sdk", use_stripe_sdk: {} };
    recordInvoicePayment(state, invoice, intent, false);
    events.push(
      recordEvent(state, "payment_intent.requires_action", intent),
      recordEvent(state, "invoice.payment_action_required", invoice),
    );
    return [...events, ...markPastDue(state, subscription)];
  }
  const charge = createCharge(state, intent, paid ? "succeeded" : "failed", customer.email);
  recordInvoicePayment(state, invoice, intent, paid);
  if (paid) {
    events.push(
      recordEvent(state, "charge.succeeded", charge),
      recordEvent(state, "payment_intent.succeeded", intent),
      recordEvent(state, "invoice.paid", invoice),
      recordEvent(state, "invoice.payment_succeeded", invoice),
    );
    if (subscription.status === "past_due") {
      subscription.status = "active";
      events.push(recordEvent(state, "customer.subscription.updated", subscription, { status: "past_due" }));
    }
    return events;
  }
  // Stripe retries a failed renewal on its own schedule (Smart Retries); the next attempt is due.
  (invoice as Invoice & { next_payment_attempt: number }).next_payment_attempt = nowSeconds() + 3 * 86_400;
  events.push(
    recordEvent(state, "charge.failed", charge),
    recordEvent(state, "payment_intent.payment_failed", intent),
    recordEvent(state, "invoice.payment_failed", invoice),
  );
  return [...events, ...markPastDue(state, subscription)];
}

function markPastDue(state: StandInState, subscription: Subscription): StripeEvent[] {
  if (subscription.status === "past_due") return [];
  const previous = subscription.status;
  subscription.status = "past_due";
  return [recordEvent(state, "customer.subscription.updated", subscription, { status: previous })];
}

/** The next monthly charge succeeds: a new invoice, billing_reason `subscription_cycle`. */
export function renewSubscription(state: StandInState, subscriptionId: string): StripeEvent[] {
  return renewal(state, activeSubscription(state, subscriptionId), "paid");
}

/** The next monthly charge is declined: the invoice stays open and the subscription is past due. */
export function failRenewal(state: StandInState, subscriptionId: string): StripeEvent[] {
  return renewal(state, activeSubscription(state, subscriptionId), "declined");
}

/** The next monthly charge needs the donor to authenticate: `invoice.payment_action_required`. */
export function requireRenewalAction(state: StandInState, subscriptionId: string): StripeEvent[] {
  return renewal(state, activeSubscription(state, subscriptionId), "needs_action");
}

/** Canceled at once (the portal's "cancel now", or DELETE /v1/subscriptions/:id). */
export function cancelSubscription(state: StandInState, subscriptionId: string): StripeEvent[] {
  const subscription = activeSubscription(state, subscriptionId);
  const at = nowSeconds();
  subscription.status = "canceled";
  subscription.canceled_at = at;
  subscription.ended_at = at;
  subscription.cancellation_details = { comment: null, feedback: null, reason: "cancellation_requested" };
  return [recordEvent(state, "customer.subscription.deleted", subscription)];
}

/** A refund of the whole charge, or of `amount` of it. */
export function refundCharge(state: StandInState, chargeId: string, amount?: number): StripeEvent[] {
  const charge = find<Charge>(state, "charge", chargeId);
  const refundable = charge.amount - charge.amount_refunded;
  const value = amount ?? refundable;
  if (charge.status !== "succeeded")
    throw invalidRequest("Only a succeeded charge can be refunded.", "charge");
  if (!Number.isInteger(value) || value < 1 || value > refundable) {
    throw invalidRequest(
      `Refund amount (${value}) is greater than unrefunded amount on charge (${refundable})`,
      "amount",
    );
  }
  const refund = createRefund(state, charge, value);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += value;
  charge.refunded = charge.amount_refunded === charge.amount;
  return [
    recordEvent(state, "refund.created", refund),
    recordEvent(state, "charge.refunded", charge, previous),
  ];
}

/** The donor's bank disputes the charge. */
export function openDispute(state: StandInState, chargeId: string): StripeEvent[] {
  const charge = find<Charge>(state, "charge", chargeId);
  if (charge.status !== "succeeded" || charge.disputed) {
    throw invalidRequest("This charge cannot be disputed (not paid, or already disputed).", "charge");
  }
  const dispute = createDispute(state, charge);
  charge.disputed = true;
  return [recordEvent(state, "charge.dispute.created", dispute)];
}

/** The bank decides the dispute. */
export function closeDispute(state: StandInState, disputeId: string, outcome: "won" | "lost"): StripeEvent[] {
  const dispute = find<Dispute>(state, "dispute", disputeId);
  if (dispute.status === "won" || dispute.status === "lost") {
    throw invalidRequest(`This dispute is already closed (${dispute.status}).`, "dispute");
  }
  const previous = dispute.status;
  dispute.status = outcome;
  return [recordEvent(state, "charge.dispute.closed", dispute, { status: previous })];
}
