import type Stripe from "stripe";
import { DEFAULT_SESSION_LIFETIME_SECONDS, MAX_AMOUNT } from "~/services/stripe-stand-in/constants";
import { describeAmount, minimumAmount, SUPPORTED_CURRENCIES } from "~/services/stripe-stand-in/currencies";
import { invalidRequest, missingParam } from "~/services/stripe-stand-in/errors";
import { newId } from "~/services/stripe-stand-in/ids";
import type { CheckoutSession, Customer, Price } from "~/services/stripe-stand-in/objects";
import * as p from "~/services/stripe-stand-in/params";
import { KNOWN_PAYMENT_METHOD_TYPES, methodsFor } from "~/services/stripe-stand-in/payment-methods";
import { createInlinePrice } from "~/services/stripe-stand-in/payments";
import { find, nowSeconds, put, setIncludable, type StandInState } from "~/services/stripe-stand-in/state";
import type { FieldsOf, JsonObject } from "~/services/stripe-stand-in/types";

export type CheckoutConfig = {
  enabledPaymentMethods: readonly string[];
  /** Where the hosted page for a session is. */
  checkoutUrl: (sessionId: string) => string;
};

// Parameters this stand-in models. Any other parameter Stripe knows is refused as unmodelled,
// so an app change that starts sending one fails a test instead of being silently dropped.
const MODELLED = [
  "mode",
  "line_items",
  "success_url",
  "cancel_url",
  "excluded_payment_method_types",
  "submit_type",
  "customer",
  "customer_email",
  "locale",
  "metadata",
  "subscription_data",
  "payment_intent_data",
  "client_reference_id",
  "expires_at",
  "expand",
  "ui_mode",
];
const KNOWN_UNMODELLED = [
  "adaptive_pricing",
  "after_expiration",
  "allow_promotion_codes",
  "allowed_payment_method_types",
  "automatic_tax",
  "billing_address_collection",
  "branding_settings",
  "consent_collection",
  "currency",
  "custom_fields",
  "custom_text",
  "customer_account",
  "customer_creation",
  "customer_update",
  "discounts",
  "integration_identifier",
  "invoice_creation",
  "managed_payments",
  "name_collection",
  "optional_items",
  "origin_context",
  "payment_method_collection",
  "payment_method_configuration",
  "payment_method_data",
  "payment_method_options",
  "permissions",
  "phone_number_collection",
  "redirect_on_completion",
  "return_url",
  "saved_payment_method_options",
  "setup_intent_data",
  "shipping_address_collection",
  "shipping_options",
  "tax_id_collection",
  "wallet_options",
];
const LOCALES = [
  "auto",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "en-GB",
  "es",
  "es-419",
  "et",
  "fi",
  "fil",
  "fr",
  "fr-CA",
  "hi-IN",
  "hr",
  "hu",
  "id",
  "it",
  "ja",
  "ko",
  "lt",
  "lv",
  "ms",
  "mt",
  "nb",
  "nl",
  "pl",
  "pt",
  "pt-BR",
  "ro",
  "ru",
  "sk",
  "sl",
  "sv",
  "th",
  "tr",
  "vi",
  "zh",
  "zh-HK",
  "zh-TW",
] as const;
const SUBMIT_TYPES = ["auto", "book", "donate", "pay", "subscribe"] as const;
const INTERVALS = ["day", "week", "month", "year"] as const;

type LineItem = { price: Price; quantity: number; productName: string };

function readLineItems(state: StandInState, params: JsonObject): LineItem[] {
  const items = p.list(params.line_items, "line_items");
  if (!items || items.length === 0) throw missingParam("line_items");
  return items.map((raw, index) => {
    const param = `line_items[${index}]`;
    const item = p.hash(raw, param)!;
    p.onlyKnown(item, ["price_data", "quantity", "price"], param);
    if (item.price !== undefined) {
      // Rollcall never creates Price objects (one inline price per gift); none exist here.
      const id = p.requiredString(item.price, `${param}[price]`);
      throw invalidRequest(`No such price: '${id}'`, `${param}[price]`, "resource_missing");
    }
    const data = p.hash(item.price_data, `${param}[price_data]`);
    if (!data) throw missingParam(`${param}[price_data]`);
    const dataParam = `${param}[price_data]`;
    p.onlyKnown(data, ["currency", "unit_amount", "product_data", "recurring", "tax_behavior"], dataParam);
    const currency = p.requiredString(data.currency, `${dataParam}[currency]`).toLowerCase();
    if (!(SUPPORTED_CURRENCIES as readonly string[]).includes(currency)) {
      throw invalidRequest(`Invalid currency: ${currency}.`, `${dataParam}[currency]`);
    }
    const unitAmount = p.integer(data.unit_amount, `${dataParam}[unit_amount]`);
    if (unitAmount === undefined) throw missingParam(`${dataParam}[unit_amount]`);
    if (unitAmount < 0) {
      throw invalidRequest("This value must be greater than or equal to 0.", `${dataParam}[unit_amount]`);
    }
    if (unitAmount > MAX_AMOUNT) {
      throw invalidRequest(
        `This value must be less than or equal to ${MAX_AMOUNT}.`,
        `${dataParam}[unit_amount]`,
      );
    }
    const product = p.hash(data.product_data, `${dataParam}[product_data]`);
    if (!product) throw missingParam(`${dataParam}[product_data]`);
    p.onlyKnown(product, ["name", "description", "metadata"], `${dataParam}[product_data]`);
    const productName = p.requiredString(product.name, `${dataParam}[product_data][name]`, 250);
    const recurringData = p.hash(data.recurring, `${dataParam}[recurring]`);
    let interval: string | null = null;
    let intervalCount = 1;
    if (recurringData) {
      p.onlyKnown(recurringData, ["interval", "interval_count"], `${dataParam}[recurring]`);
      interval = p.oneOf(recurringData.interval, `${dataParam}[recurring][interval]`, INTERVALS) ?? null;
      if (!interval) throw missingParam(`${dataParam}[recurring][interval]`);
      intervalCount = p.integer(recurringData.interval_count, `${dataParam}[recurring][interval_count]`) ?? 1;
    }
    const quantity = p.integer(item.quantity, `${param}[quantity]`);
    if (quantity === undefined) throw missingParam(`${param}[quantity]`);
    if (quantity < 1) throw invalidRequest("Quantity must be greater than 0.", `${param}[quantity]`);
    const price = createInlinePrice(state, { currency, unitAmount, productName, interval, intervalCount });
    return { price, quantity, productName };
  });
}

/** POST /v1/checkout/sessions, validated as Stripe validates it for this API version. */
export function createCheckoutSession(
  state: StandInState,
  params: JsonObject,
  config: CheckoutConfig,
): CheckoutSession {
  if (params.payment_method_types !== undefined) {
    // Removed in 2026-09-30.endive: payment methods come from the Dashboard settings.
    throw invalidRequest(
      "The `payment_method_types` parameter is no longer supported on this API version. Manage payment methods in the Dashboard, and use `excluded_payment_method_types` or `allowed_payment_method_types` to narrow them.",
      "payment_method_types",
      "payment_method_types_no_longer_supported",
    );
  }
  for (const key of Object.keys(params)) {
    if (KNOWN_UNMODELLED.includes(key)) {
      throw invalidRequest(`The Stripe stand-in does not model \`${key}\`.`, key, "parameter_unknown");
    }
  }
  p.onlyKnown(params, MODELLED);
  const mode = p.oneOf(params.mode, "mode", ["payment", "setup", "subscription"] as const);
  if (!mode) throw missingParam("mode");
  if (mode === "setup") throw invalidRequest("The Stripe stand-in does not model `setup` mode.", "mode");
  const uiMode = p.oneOf(params.ui_mode, "ui_mode", ["hosted_page"] as const) ?? "hosted_page";
  const successUrl = p.url(params.success_url, "success_url");
  if (!successUrl) throw missingParam("success_url");
  const cancelUrl = p.url(params.cancel_url, "cancel_url");
  if (!cancelUrl) throw missingParam("cancel_url");

  const submitType = p.oneOf(params.submit_type, "submit_type", SUBMIT_TYPES) ?? null;
  const locale = p.oneOf(params.locale, "locale", LOCALES) ?? null;
  const metadata = p.metadata(params.metadata, "metadata") ?? {};
  const clientReferenceId = p.string(params.client_reference_id, "client_reference_id", 200) ?? null;
  const customerEmail = p.email(params.customer_email, "customer_email") ?? null;
  const customerId = p.string(params.customer, "customer");
  if (customerId && customerEmail) {
    throw invalidRequest(
      "You may only specify one of these parameters: customer, customer_email.",
      "customer",
    );
  }
  const customer = customerId ? find<Customer>(state, "customer", customerId, "customer") : null;

  const excludedRaw = p.list(params.excluded_payment_method_types, "excluded_payment_method_types") ?? [];
  const excluded = excludedRaw.map(
    (entry, index) =>
      p.oneOf(entry, `excluded_payment_method_types[${index}]`, KNOWN_PAYMENT_METHOD_TYPES) as string,
  );

  const subscriptionData = p.hash(params.subscription_data, "subscription_data");
  const paymentIntentData = p.hash(params.payment_intent_data, "payment_intent_data");
  if (subscriptionData && mode !== "subscription") {
    throw invalidRequest(`You can not pass \`subscription_data\` in \`${mode}\` mode.`, "subscription_data");
  }
  if (paymentIntentData && mode !== "payment") {
    throw invalidRequest(
      `You can not pass \`payment_intent_data\` in \`${mode}\` mode.`,
      "payment_intent_data",
    );
  }
  if (subscriptionData) p.onlyKnown(subscriptionData, ["metadata", "description"], "subscription_data");
  if (paymentIntentData) {
    p.onlyKnown(paymentIntentData, ["metadata", "description", "receipt_email"], "payment_intent_data");
  }
  const subscriptionMetadata = p.metadata(subscriptionData?.metadata, "subscription_data[metadata]") ?? {};
  const intentMetadata = p.metadata(paymentIntentData?.metadata, "payment_intent_data[metadata]") ?? {};

  const expiresAtParam = p.integer(params.expires_at, "expires_at");
  const created = nowSeconds();
  if (
    expiresAtParam !== undefined &&
    (expiresAtParam < created + 30 * 60 || expiresAtParam > created + DEFAULT_SESSION_LIFETIME_SECONDS)
  ) {
    throw invalidRequest(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
      "expires_at",
    );
  }

  const items = readLineItems(state, params);
  const currency = items[0]!.price.currency;
  if (items.some((item) => item.price.currency !== currency)) {
    throw invalidRequest("All line items must use the same currency.", "line_items");
  }
  const recurring = items.filter((item) => item.price.recurring);
  if (mode === "payment" && recurring.length > 0) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      "line_items",
    );
  }
  if (mode === "subscription" && recurring.length === 0) {
    throw invalidRequest(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      "line_items",
    );
  }
  if (mode === "subscription" && items.length !== 1) {
    // One monthly price per session is all Rollcall sends; more would need proration rules.
    throw invalidRequest("The Stripe stand-in models one line item in `subscription` mode.", "line_items");
  }
  const amount = items.reduce((sum, item) => sum + item.price.unit_amount * item.quantity, 0);
  if (amount < minimumAmount(currency)) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${describeAmount(minimumAmount(currency), currency)}`,
      "line_items",
      "amount_too_small",
    );
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(
      `The Checkout Session's total amount due must be no more than ${describeAmount(MAX_AMOUNT, currency)}`,
      "line_items",
      "amount_too_large",
    );
  }
  const methods = methodsFor({
    enabled: config.enabledPaymentMethods,
    currency,
    mode,
    amount,
    excluded,
  });
  if (methods.length === 0) {
    throw invalidRequest(
      "No valid payment method types for this Checkout Session. Enable a payment method for this currency in the Dashboard, or exclude fewer.",
      "excluded_payment_method_types",
    );
  }

  const id = newId("cs_test_", 58);
  const session = put(state, {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl,
    client_reference_id: clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: mode === "payment" && !customer ? "if_required" : null,
    customer_details: null,
    customer_email: customerEmail,
    discounts: [],
    excluded_payment_method_types: excluded,
    expires_at: expiresAtParam ?? created + DEFAULT_SESSION_LIFETIME_SECONDS,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale,
    metadata,
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === "subscription" ? "always" : null,
    payment_method_configuration_details: { id: "pmc_standin", parent: null },
    payment_method_options: {},
    payment_method_types: methods,
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: submitType,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode,
    url: config.checkoutUrl(id),
    wallet_options: null,
  } satisfies FieldsOf<Stripe.Checkout.Session> as CheckoutSession);
  setIncludable(state, id, "line_items", {
    object: "list",
    data: items.map((item) => ({
      id: newId("li_"),
      object: "item",
      amount_discount: 0,
      amount_subtotal: item.price.unit_amount * item.quantity,
      amount_tax: 0,
      amount_total: item.price.unit_amount * item.quantity,
      currency,
      description: item.productName,
      price: item.price,
      quantity: item.quantity,
    })),
    has_more: false,
    url: `/v1/checkout/sessions/${id}/line_items`,
  });
  // Kept for the simulation: Stripe copies these onto the objects the session creates.
  setIncludable(state, id, "_creation", {
    subscription_metadata: subscriptionMetadata,
    payment_intent_metadata: intentMetadata,
    payment_intent_description:
      p.string(paymentIntentData?.description, "payment_intent_data[description]") ?? null,
  });
  return session;
}
