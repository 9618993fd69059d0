import type Stripe from "stripe";
import { newId } from "~/services/stripe-stand-in/ids";
import type {
  Customer,
  Invoice,
  PaymentIntent,
  Price,
  Subscription,
} from "~/services/stripe-stand-in/objects";
import { nowSeconds, put, setIncludable, type StandInState } from "~/services/stripe-stand-in/state";
import type { FieldsOf, Metadata } from "~/services/stripe-stand-in/types";

export function createCustomer(
  state: StandInState,
  input: { email: string | null; name: string | null; metadata: Metadata; preferredLocales?: string[] },
): Customer {
  return put(state, {
    id: newId("cus_", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: input.email,
    invoice_prefix: newId("", 8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata,
    name: input.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: input.preferredLocales ?? [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  } satisfies FieldsOf<Stripe.Customer> as Customer);
}

/** One calendar month on, as Stripe's monthly billing cycle moves (same day of the month). */
export function addMonths(seconds: number, months: number): number {
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}

function periodEnd(start: number, price: Price): number {
  const interval = price.recurring?.interval ?? "month";
  const count = price.recurring?.interval_count ?? 1;
  if (interval === "year") return addMonths(start, 12 * count);
  if (interval === "week") return start + 7 * 86_400 * count;
  if (interval === "day") return start + 86_400 * count;
  return addMonths(start, count);
}

export function createSubscription(
  state: StandInState,
  input: { customer: string; price: Price; quantity: number; metadata: Metadata; paymentMethod: string },
): Subscription {
  const start = nowSeconds();
  const id = newId("sub_");
  return put(state, {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: start,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: start,
    currency: input.price.currency,
    customer: input.customer,
    days_until_due: null,
    default_payment_method: input.paymentMethod,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: null,
    items: {
      object: "list",
      data: [
        {
          id: newId("si_", 14),
          object: "subscription_item",
          created: start,
          current_period_start: start,
          current_period_end: periodEnd(start, input.price),
          metadata: {},
          price: input.price,
          quantity: input.quantity,
          subscription: id,
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: input.metadata,
    on_behalf_of: null,
    pause_collection: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_start: null,
  } satisfies FieldsOf<Stripe.Subscription> as Subscription);
}

export function subscriptionItem(subscription: Subscription) {
  const item = subscription.items.data[0]!;
  return {
    item,
    price: item.price as Price,
    quantity: item.quantity as number,
    periodStart: item.current_period_start as number,
    periodEnd: item.current_period_end as number,
  };
}

/** Moves the subscription into its next period, as Stripe does at each renewal. */
export function advancePeriod(subscription: Subscription): void {
  const { item, price, periodEnd: end } = subscriptionItem(subscription);
  item.current_period_start = end;
  item.current_period_end = periodEnd(end, price);
}

/**
 * A draft subscription invoice for the current period; `finalizeInvoice` opens it and
 * `recordInvoicePayment` records the attempt to pay it.
 */
export function createSubscriptionInvoice(
  state: StandInState,
  subscription: Subscription,
  customer: Customer,
  billingReason: "subscription_create" | "subscription_cycle",
): Invoice {
  const { item, price, quantity, periodStart, periodEnd: end } = subscriptionItem(subscription);
  const amount = price.unit_amount * quantity;
  const productName = String(state.objects.get(price.product)?.name ?? price.product);
  const created = nowSeconds();
  const id = newId("in_");
  const invoice = put(state, {
    id,
    object: "invoice",
    account_country: "KR",
    account_name: "Rollcall (test)",
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    billing_reason: billingReason,
    collection_method: "charge_automatically",
    created,
    currency: subscription.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    description: null,
    due_date: null,
    effective_at: created,
    hosted_invoice_url: `https://invoice.stripe.com/i/test_${id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/test_${id}/pdf`,
    lines: {
      object: "list",
      data: [
        {
          id: newId("il_"),
          object: "line_item",
          amount,
          currency: subscription.currency,
          description: `${quantity} × ${productName} (at ${price.unit_amount} / ${price.recurring?.interval ?? "month"})`,
          invoice: id,
          livemode: false,
          metadata: subscription.metadata,
          parent: {
            type: "subscription_item_details",
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: subscription.id,
              subscription_item: item.id as string,
            },
            invoice_item_details: null,
          },
          period: { start: periodStart, end },
          pricing: {
            type: "price_details",
            price_details: { price: price.id, product: price.product },
            unit_amount_decimal: String(price.unit_amount),
          },
          quantity,
          subtotal: amount,
        },
      ],
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {},
    number: `${newId("", 8).toUpperCase()}-0001`,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
    },
    period_start: periodStart,
    period_end: end,
    receipt_number: null,
    status: "draft",
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal: amount,
    total: amount,
  } satisfies FieldsOf<Stripe.Invoice> as Invoice);
  subscription.latest_invoice = invoice.id;
  return invoice;
}

/** Finalizes a draft invoice: it is open, numbered and due. */
export function finalizeInvoice(invoice: Invoice): void {
  invoice.status = "open";
  invoice.status_transitions = { ...invoice.status_transitions, finalized_at: nowSeconds() };
}

/** Records the invoice's payment attempt with this payment intent, paid or not. */
export function recordInvoicePayment(
  state: StandInState,
  invoice: Invoice,
  intent: PaymentIntent,
  paid: boolean,
): void {
  const at = nowSeconds();
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (paid) {
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.status_transitions = { ...invoice.status_transitions, paid_at: at };
  }
  setIncludable(state, invoice.id, "payments", {
    object: "list",
    data: [
      {
        id: newId("inpay_"),
        object: "invoice_payment",
        amount_paid: paid ? invoice.amount_due : null,
        amount_requested: invoice.amount_due,
        created: at,
        currency: invoice.currency,
        invoice: invoice.id,
        is_default: true,
        livemode: false,
        payment: { type: "payment_intent", payment_intent: intent.id },
        status: paid ? "paid" : "open",
        status_transitions: { canceled_at: null, paid_at: paid ? at : null },
      } satisfies FieldsOf<Stripe.InvoicePayment>,
    ],
    has_more: false,
    url: `/v1/invoice_payments?invoice=${invoice.id}`,
  });
}
