import type { JsonObject, Metadata, StripeObject } from "~/services/stripe-stand-in/types";

/*
 * The fields of each object the stand-in reads or changes, with Stripe's names and types for
 * API version 2026-10-28.endive. Builders add the rest of each object's documented fields.
 */

export type Price = StripeObject & {
  object: "price";
  currency: string;
  unit_amount: number;
  product: string;
  type: "one_time" | "recurring";
  recurring: { interval: string; interval_count: number; usage_type: string } | null;
};

export type CheckoutSession = StripeObject & {
  object: "checkout.session";
  mode: "payment" | "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  customer: string | null;
  customer_email: string | null;
  customer_details: JsonObject | null;
  payment_intent: string | null;
  subscription: string | null;
  invoice: string | null;
  metadata: Metadata;
  locale: string | null;
  submit_type: string | null;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  expires_at: number;
  payment_method_types: string[];
};

export type Customer = StripeObject & {
  object: "customer";
  email: string | null;
  name: string | null;
  metadata: Metadata;
};

export type PaymentIntent = StripeObject & {
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  status: string;
  latest_charge: string | null;
  metadata: Metadata;
  payment_method_types: string[];
  last_payment_error: JsonObject | null;
  next_action: JsonObject | null;
};

export type Charge = StripeObject & {
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  status: "succeeded" | "pending" | "failed";
  paid: boolean;
  refunded: boolean;
  disputed: boolean;
  metadata: Metadata;
};

export type Subscription = StripeObject & {
  object: "subscription";
  status: string;
  customer: string;
  currency: string;
  metadata: Metadata;
  latest_invoice: string | null;
  canceled_at: number | null;
  ended_at: number | null;
  items: { object: "list"; data: JsonObject[]; has_more: false; url: string };
};

export type Invoice = StripeObject & {
  object: "invoice";
  status: string;
  billing_reason: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  currency: string;
  customer: string;
  attempt_count: number;
  attempted: boolean;
  parent: JsonObject;
  period_start: number;
  period_end: number;
  status_transitions: JsonObject;
};

export type Refund = StripeObject & { object: "refund"; amount: number; charge: string; status: string };

export type Dispute = StripeObject & {
  object: "dispute";
  amount: number;
  charge: string;
  status: string;
  reason: string;
};
