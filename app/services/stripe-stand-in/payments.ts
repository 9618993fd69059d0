import type Stripe from "stripe";
import { newId } from "~/services/stripe-stand-in/ids";
import type { Charge, Dispute, PaymentIntent, Price, Refund } from "~/services/stripe-stand-in/objects";
import { PAYMENT_METHOD_RULES } from "~/services/stripe-stand-in/payment-methods";
import { nowSeconds, put, type StandInState } from "~/services/stripe-stand-in/state";
import type { FieldsOf, JsonObject, Metadata } from "~/services/stripe-stand-in/types";

/** An inline price from `price_data` (Stripe creates an inactive Price and Product for each). */
export function createInlinePrice(
  state: StandInState,
  input: {
    currency: string;
    unitAmount: number;
    productName: string;
    interval: string | null;
    intervalCount: number;
  },
): Price {
  const product = put(state, {
    id: newId("prod_", 14),
    object: "product",
    active: false,
    created: nowSeconds(),
    livemode: false,
    metadata: {},
    name: input.productName,
    type: "service",
  } satisfies FieldsOf<Stripe.Product>);
  return put(state, {
    id: newId("price_"),
    object: "price",
    active: false,
    billing_scheme: "per_unit",
    created: nowSeconds(),
    currency: input.currency,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: product.id,
    recurring: input.interval
      ? { interval: input.interval, interval_count: input.intervalCount, usage_type: "licensed" }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: input.interval ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
    unit_amount_decimal: String(input.unitAmount),
  } satisfies FieldsOf<Stripe.Price> as Price);
}

export function createPaymentIntent(
  state: StandInState,
  input: {
    amount: number;
    currency: string;
    customer: string | null;
    metadata: Metadata;
    paymentMethodType: string;
    description?: string | null;
    receiptEmail?: string | null;
  },
): PaymentIntent {
  return put(state, {
    id: newId("pi_"),
    object: "payment_intent",
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: null,
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: input.metadata,
    next_action: null,
    payment_method: newId("pm_"),
    payment_method_types: [input.paymentMethodType],
    receipt_email: input.receiptEmail ?? null,
    setup_future_usage: null,
    status: "processing",
  } satisfies FieldsOf<Stripe.PaymentIntent> as PaymentIntent);
}

function paymentMethodDetails(type: string): JsonObject {
  const details: JsonObject =
    type === "card"
      ? { brand: "visa", country: "US", exp_month: 12, exp_year: 2034, funding: "credit", last4: "4242" }
      : {};
  return { type, [type]: details };
}

/** A charge for the payment intent: succeeded, or failed with a decline as a test card gives. */
export function createCharge(
  state: StandInState,
  intent: PaymentIntent,
  outcome: "succeeded" | "failed",
  billingEmail: string | null,
): Charge {
  const type = intent.payment_method_types[0] ?? "card";
  const succeeded = outcome === "succeeded";
  const charge = put(state, {
    id: newId("ch_"),
    object: "charge",
    amount: intent.amount,
    amount_captured: succeeded ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? newId("txn_") : null,
    billing_details: { address: null, email: billingEmail, name: null, phone: null },
    calculated_statement_descriptor: "ROLLCALL",
    captured: succeeded,
    created: nowSeconds(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description as string | null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : "card_declined",
    failure_message: succeeded ? null : "Your card was declined.",
    fraud_details: {},
    livemode: false,
    metadata: {},
    outcome: succeeded
      ? {
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : {
          network_status: "declined_by_network",
          reason: "generic_decline",
          risk_level: "normal",
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        },
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: intent.payment_method as string,
    payment_method_details: paymentMethodDetails(type),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: outcome,
    transfer_data: null,
    transfer_group: null,
  } satisfies FieldsOf<Stripe.Charge> as Charge);
  intent.latest_charge = charge.id;
  if (succeeded) {
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    intent.next_action = null;
  } else {
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      type: "card_error",
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
      charge: charge.id,
      payment_method: { id: intent.payment_method as string, object: "payment_method", type },
    };
  }
  return charge;
}

export function isDelayed(paymentMethodType: string): boolean {
  return PAYMENT_METHOD_RULES[paymentMethodType]?.delayed ?? false;
}

export function createRefund(state: StandInState, charge: Charge, amount: number): Refund {
  return put(state, {
    id: newId("re_"),
    object: "refund",
    amount,
    balance_transaction: newId("txn_"),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: "requested_by_customer",
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  } satisfies FieldsOf<Stripe.Refund> as Refund);
}

export function createDispute(state: StandInState, charge: Charge): Dispute {
  return put(state, {
    id: newId("du_"),
    object: "dispute",
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    evidence_details: {
      due_by: nowSeconds() + 7 * 86_400,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: "fraudulent",
    status: "needs_response",
  } satisfies FieldsOf<Stripe.Dispute> as Dispute);
}
