import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_VERSION } from "~/services/stripe-stand-in/constants";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { startStripeStandIn, type StripeHttpStandIn } from "../stand-ins/stripe-stand-in";

const SECRET = "whsec_test_stand_in_secret";
const APP = "http://127.0.0.1:3999";

let standIn: StripeHttpStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = standIn.client();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => {
  standIn.reset();
});

type Gift = { currency: string; amount: number; expectedMethods: string[] };

function oneOffParams(gift: { currency: string; amount: number }): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    submit_type: "donate",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: gift.currency,
          unit_amount: gift.amount,
          product_data: { name: "Gift to Rollcall" },
        },
      },
    ],
    customer_email: "donor@example.org",
    locale: "ko",
    client_reference_id: "donation-1",
    metadata: { donationId: "don_1", campaignId: "camp_1" },
    payment_intent_data: { metadata: { donationId: "don_1" } },
    success_url: `${APP}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${APP}/donate`,
  };
}

function monthlyParams(gift: { currency: string; amount: number }): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: gift.currency,
          unit_amount: gift.amount,
          recurring: { interval: "month" },
          product_data: { name: "Monthly gift to Rollcall" },
        },
      },
    ],
    customer_email: "monthly@example.org",
    locale: "ja",
    metadata: { monthlyGiftId: "mg_1" },
    subscription_data: { metadata: { monthlyGiftId: "mg_1", campaignId: "camp_1" } },
    success_url: `${APP}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${APP}/donate`,
  };
}

async function expectStripeError(
  promise: Promise<unknown>,
  expected: { statusCode: number; type: string; code?: string; param?: string; message?: RegExp },
) {
  const error = await promise.then(
    () => {
      throw new Error("expected a Stripe error");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  const stripeError = error as Stripe.errors.StripeError;
  expect(stripeError.statusCode).toBe(expected.statusCode);
  expect(stripeError.type).toBe(
    expected.type === "idempotency_error" ? "StripeIdempotencyError" : "StripeInvalidRequestError",
  );
  expect(stripeError.raw).toMatchObject({
    type: expected.type,
    ...(expected.code ? { code: expected.code } : {}),
    ...(expected.param ? { param: expected.param } : {}),
  });
  if (expected.message) expect(stripeError.message).toMatch(expected.message);
}

/** A webhook receiver that verifies like the app does and answers `status`. */
async function startReceiver(status = 200) {
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(status, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function types(events: StripeEvent[]): string[] {
  return events.map((event) => event.type);
}

function only(events: StripeEvent[], type: string): StripeEvent {
  const matching = events.filter((event) => event.type === type);
  expect(matching).toHaveLength(1);
  return matching[0]!;
}

describe("Checkout Session creation through the official SDK", () => {
  const gifts: Gift[] = [
    { currency: "usd", amount: 2500, expectedMethods: ["card"] },
    {
      currency: "krw",
      amount: 10000,
      expectedMethods: ["card", "kr_card", "kakao_pay", "naver_pay", "payco", "samsung_pay"],
    },
    { currency: "jpy", amount: 3000, expectedMethods: ["card", "konbini", "paypay"] },
    { currency: "eur", amount: 1000, expectedMethods: ["card"] },
    { currency: "gbp", amount: 500, expectedMethods: ["card"] },
  ];

  it.each(gifts)("sends a one-off $currency gift of $amount minor units exactly as given", async (gift) => {
    const session = await stripe.checkout.sessions.create(oneOffParams(gift), {
      idempotencyKey: `donation-${gift.currency}`,
    });

    const [request] = standIn.requestsTo("POST", "/v1/checkout/sessions");
    expect(request).toBeDefined();
    expect(request!.params).toEqual({
      mode: "payment",
      submit_type: "donate",
      line_items: [
        {
          quantity: "1",
          price_data: {
            currency: gift.currency,
            unit_amount: String(gift.amount),
            product_data: { name: "Gift to Rollcall" },
          },
        },
      ],
      customer_email: "donor@example.org",
      locale: "ko",
      client_reference_id: "donation-1",
      metadata: { donationId: "don_1", campaignId: "camp_1" },
      payment_intent_data: { metadata: { donationId: "don_1" } },
      success_url: `${APP}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${APP}/donate`,
    });
    expect(request!.idempotencyKey).toBe(`donation-${gift.currency}`);
    expect(request!.stripeVersion).toBe(API_VERSION);
    expect(request!.authorization).toBe("Bearer sk_test_standin");

    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: gift.amount,
      amount_subtotal: gift.amount,
      currency: gift.currency,
      customer: null,
      customer_email: "donor@example.org",
      payment_intent: null,
      subscription: null,
      submit_type: "donate",
      locale: "ko",
      client_reference_id: "donation-1",
      metadata: { donationId: "don_1", campaignId: "camp_1" },
      livemode: false,
      payment_method_types: gift.expectedMethods,
    });
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session.url).toBe(`https://checkout.stripe.com/c/pay/${session.id}`);
  });

  it("keeps API version and stand-in version the same", () => {
    expect(Stripe.API_VERSION).toBe(API_VERSION);
  });

  it("sends a monthly gift as subscription mode with an inline monthly price, no Price object", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "krw", amount: 10000 }));
    const [request] = standIn.requestsTo("POST", "/v1/checkout/sessions");
    expect(request!.params.line_items).toEqual([
      {
        quantity: "1",
        price_data: {
          currency: "krw",
          unit_amount: "10000",
          recurring: { interval: "month" },
          product_data: { name: "Monthly gift to Rollcall" },
        },
      },
    ]);
    expect(request!.params.subscription_data).toEqual({
      metadata: { monthlyGiftId: "mg_1", campaignId: "camp_1" },
    });
    // The SDK keys every POST even without an explicit key.
    expect(request!.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(session).toMatchObject({
      mode: "subscription",
      amount_total: 10000,
      currency: "krw",
      submit_type: null,
    });
    // One-off-only methods (PAYCO, Samsung Pay) cannot be used monthly.
    expect(session.payment_method_types).toEqual(["card", "kr_card", "kakao_pay", "naver_pay"]);

    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items"] });
    expect(expanded.line_items?.data[0]).toMatchObject({
      amount_total: 10000,
      currency: "krw",
      quantity: 1,
      price: { type: "recurring", unit_amount: 10000, recurring: { interval: "month", interval_count: 1 } },
    });
  });

  it("narrows payment methods with excluded_payment_method_types", async () => {
    const session = await stripe.checkout.sessions.create({
      ...oneOffParams({ currency: "jpy", amount: 3000 }),
      excluded_payment_method_types: ["paypay"],
    });
    expect(session.payment_method_types).toEqual(["card", "konbini"]);
    expect(standIn.requests[0]!.params.excluded_payment_method_types).toEqual(["paypay"]);
  });

  it("refuses payment_method_types, which this API version no longer has", async () => {
    const params = { ...oneOffParams({ currency: "usd", amount: 2500 }), payment_method_types: ["card"] };
    await expectStripeError(stripe.checkout.sessions.create(params as Stripe.Checkout.SessionCreateParams), {
      statusCode: 400,
      type: "invalid_request_error",
      code: "payment_method_types_no_longer_supported",
      param: "payment_method_types",
    });
  });

  it.each([
    [
      "a recurring price in payment mode",
      {
        ...oneOffParams({ currency: "usd", amount: 2500 }),
        line_items: monthlyParams({ currency: "usd", amount: 2500 }).line_items,
      },
      { code: undefined, param: "line_items", message: /recurring price/ },
    ],
    [
      "a one-time price in subscription mode",
      {
        ...monthlyParams({ currency: "usd", amount: 2500 }),
        line_items: oneOffParams({ currency: "usd", amount: 2500 }).line_items,
      },
      { code: undefined, param: "line_items", message: /at least one recurring price/ },
    ],
    [
      "a fractional amount",
      oneOffParams({ currency: "jpy", amount: 2500.5 }),
      {
        code: "parameter_invalid_integer",
        param: "line_items[0][price_data][unit_amount]",
        message: /Invalid integer/,
      },
    ],
    [
      "an amount under Stripe's JPY minimum",
      oneOffParams({ currency: "jpy", amount: 49 }),
      { code: "amount_too_small", param: "line_items", message: /at least ¥50 jpy/ },
    ],
    [
      "an amount under Stripe's GBP minimum",
      oneOffParams({ currency: "gbp", amount: 29 }),
      { code: "amount_too_small", param: "line_items", message: /at least £0\.30 gbp/ },
    ],
    [
      "payment_intent_data in subscription mode",
      { ...monthlyParams({ currency: "usd", amount: 2500 }), payment_intent_data: { metadata: { a: "b" } } },
      { code: undefined, param: "payment_intent_data", message: /subscription/ },
    ],
    [
      "subscription_data in payment mode",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), subscription_data: { metadata: { a: "b" } } },
      { code: undefined, param: "subscription_data", message: /payment/ },
    ],
    [
      "no success_url",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), success_url: undefined },
      { code: "parameter_missing", param: "success_url", message: /Missing required param/ },
    ],
    [
      "no cancel_url",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), cancel_url: undefined },
      { code: "parameter_missing", param: "cancel_url", message: /Missing required param/ },
    ],
    [
      "an unknown mode",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), mode: "donation" },
      { code: undefined, param: "mode", message: /must be one of payment, setup, or subscription/ },
    ],
    [
      "an invalid email",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), customer_email: "not-an-address" },
      { code: "email_invalid", param: "customer_email", message: /Invalid email address/ },
    ],
    [
      "a parameter Stripe does not know",
      { ...oneOffParams({ currency: "usd", amount: 2500 }), donor_name: "Kim" },
      { code: "parameter_unknown", param: "donor_name", message: /Received unknown parameter/ },
    ],
  ])("refuses %s with Stripe's error", async (_name, params, expected) => {
    await expectStripeError(stripe.checkout.sessions.create(params as Stripe.Checkout.SessionCreateParams), {
      statusCode: 400,
      type: "invalid_request_error",
      ...expected,
    });
    // A refused request creates nothing.
    expect(
      standIn.state.objects.size === 0 ||
        [...standIn.state.objects.values()].every((o) => o.object !== "checkout.session"),
    ).toBe(true);
  });

  it("replays the same key with the same parameters, and refuses it with others", async () => {
    const first = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }), {
      idempotencyKey: "donation-42",
    });
    const again = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }), {
      idempotencyKey: "donation-42",
    });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(standIn.requests.map((request) => request.replayed)).toEqual([false, true]);
    expect([...standIn.state.objects.values()].filter((o) => o.object === "checkout.session")).toHaveLength(
      1,
    );

    await expectStripeError(
      stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 5000 }), {
        idempotencyKey: "donation-42",
      }),
      { statusCode: 400, type: "idempotency_error", message: /same parameters/ },
    );
  });

  it("does not remember a refused request, so the key can be used once it is fixed", async () => {
    await expect(
      stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 10 }), {
        idempotencyKey: "k1",
      }),
    ).rejects.toThrow(/at least/);
    const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 3000 }), {
      idempotencyKey: "k1",
    });
    expect(session.amount_total).toBe(3000);
  });

  it("answers 401 without a key, 404 for an unknown endpoint or object, in Stripe's shape", async () => {
    const noKey = await fetch(`${standIn.url}/v1/checkout/sessions/cs_test_x`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({
      error: { type: "invalid_request_error", message: /API key/ },
    });

    const unknown = await fetch(`${standIn.url}/v1/prices`, {
      headers: { authorization: "Bearer sk_test_x" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        type: "invalid_request_error",
        message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/prices\)/) as unknown,
      },
    });

    await expectStripeError(stripe.checkout.sessions.retrieve("cs_test_missing"), {
      statusCode: 404,
      type: "invalid_request_error",
      code: "resource_missing",
      param: "id",
      message: /No such checkout.session: 'cs_test_missing'/,
    });
    await expectStripeError(stripe.customers.retrieve("cus_missing"), {
      statusCode: 404,
      type: "invalid_request_error",
      code: "resource_missing",
    });
  });
});

describe("what happens after the redirect", () => {
  it("pays a one-off card gift: payment intent, charge, checkout.session.completed, paid", async () => {
    const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 3000 }));
    const events = standIn.completeCheckout(session.id, { paymentMethod: "card" });
    expect(types(events)).toEqual([
      "charge.succeeded",
      "payment_intent.succeeded",
      "checkout.session.completed",
    ]);
    const completed = only(events, "checkout.session.completed");
    expect(completed).toMatchObject({
      object: "event",
      api_version: API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: session.id, status: "complete", payment_status: "paid", amount_total: 3000 } },
    });
    expect(completed.id).toMatch(/^evt_/);

    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge"],
    });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 3000,
      amount_received: 3000,
      currency: "jpy",
      metadata: { donationId: "don_1" },
      payment_method_types: ["card"],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: "charge",
      status: "succeeded",
      paid: true,
      amount: 3000,
      amount_refunded: 0,
      refunded: false,
      payment_intent: intent.id,
      billing_details: { email: "donor@example.org" },
    });
    expect(charge.id).toMatch(/^ch_/);
    await expect(stripe.paymentIntents.retrieve(intent.id)).resolves.toMatchObject({
      latest_charge: charge.id,
    });
    await expect(stripe.charges.retrieve(charge.id)).resolves.toMatchObject({ payment_intent: intent.id });
    // A paid session cannot be paid again.
    expect(() => standIn.completeCheckout(session.id)).toThrow(/complete/);
  });

  it("leaves a konbini gift unpaid until it settles, then reports async success or failure", async () => {
    const first = await stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 3000 }));
    const promised = standIn.completeCheckout(first.id, { paymentMethod: "konbini" });
    expect(types(promised)).toEqual(["payment_intent.requires_action", "checkout.session.completed"]);
    expect(only(promised, "checkout.session.completed").data.object).toMatchObject({
      status: "complete",
      payment_status: "unpaid",
    });
    const pending = await stripe.checkout.sessions.retrieve(first.id, { expand: ["payment_intent"] });
    expect((pending.payment_intent as Stripe.PaymentIntent).status).toBe("requires_action");
    expect((pending.payment_intent as Stripe.PaymentIntent).next_action?.type).toBe(
      "konbini_display_details",
    );

    const settled = standIn.settleDelayedPayment(first.id, "succeeded");
    expect(types(settled)).toEqual([
      "charge.succeeded",
      "payment_intent.succeeded",
      "checkout.session.async_payment_succeeded",
    ]);
    expect(only(settled, "checkout.session.async_payment_succeeded").data.object).toMatchObject({
      payment_status: "paid",
    });
    expect(() => standIn.settleDelayedPayment(first.id, "failed")).toThrow(/no delayed payment/);

    const second = await stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 3000 }));
    standIn.completeCheckout(second.id, { paymentMethod: "konbini" });
    const lapsed = standIn.settleDelayedPayment(second.id, "failed");
    expect(types(lapsed)).toEqual(["payment_intent.payment_failed", "checkout.session.async_payment_failed"]);
    await expect(stripe.checkout.sessions.retrieve(second.id)).resolves.toMatchObject({
      status: "complete",
      payment_status: "unpaid",
    });
  });

  it("offers konbini only where it works: not for KRW, not monthly, not above ¥300,000", async () => {
    const krw = await stripe.checkout.sessions.create(oneOffParams({ currency: "krw", amount: 10000 }));
    expect(() => standIn.completeCheckout(krw.id, { paymentMethod: "konbini" })).toThrow(/not offered/);
    const monthly = await stripe.checkout.sessions.create(monthlyParams({ currency: "jpy", amount: 3000 }));
    expect(monthly.payment_method_types).toEqual(["card"]);
    const large = await stripe.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 300_001 }));
    expect(large.payment_method_types).toEqual(["card", "paypay"]);
  });

  it("fails a card payment: nothing paid, the session stays open for another try", async () => {
    const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
    const events = standIn.failCheckout(session.id);
    expect(types(events)).toEqual(["charge.failed", "payment_intent.payment_failed"]);
    const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(after).toMatchObject({ status: "open", payment_status: "unpaid" });
    const intent = after.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: "requires_payment_method", amount_received: 0 });
    expect(intent.last_payment_error).toMatchObject({ code: "card_declined" });
    // The donor tries again and pays.
    const retried = standIn.completeCheckout(session.id);
    expect(only(retried, "checkout.session.completed").data.object).toMatchObject({ payment_status: "paid" });
  });

  it("expires a session through the API and by simulation, with checkout.session.expired", async () => {
    const viaApi = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
    const expired = await stripe.checkout.sessions.expire(viaApi.id, {}, { idempotencyKey: "expire-1" });
    expect(expired).toMatchObject({ status: "expired", url: null });
    const apiEvent = standIn.events().at(-1)!;
    expect(apiEvent).toMatchObject({
      type: "checkout.session.expired",
      request: { idempotency_key: "expire-1" },
      data: { object: { id: viaApi.id, status: "expired" } },
    });
    expect(apiEvent.request.id).toMatch(/^req_/);
    await expectStripeError(stripe.checkout.sessions.expire(viaApi.id), {
      statusCode: 400,
      type: "invalid_request_error",
      message: /status of `expired`/,
    });

    const simulated = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
    expect(types(standIn.expireCheckout(simulated.id))).toEqual(["checkout.session.expired"]);
    expect(() => standIn.completeCheckout(simulated.id)).toThrow(/expired/);
  });

  it("starts a monthly gift: customer, subscription with our metadata, a paid first invoice", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "usd", amount: 2500 }));
    const events = standIn.completeCheckout(session.id, { paymentMethod: "card", name: "Kim Donor" });
    expect(types(events)).toEqual([
      "customer.created",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice.paid",
      "invoice.payment_succeeded",
      "checkout.session.completed",
    ]);
    const completed = only(events, "checkout.session.completed").data
      .object as unknown as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid" });
    expect(completed.customer).toMatch(/^cus_/);
    expect(completed.subscription).toMatch(/^sub_/);

    const subscription = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(subscription).toMatchObject({
      status: "active",
      customer: completed.customer,
      currency: "usd",
      metadata: { monthlyGiftId: "mg_1", campaignId: "camp_1" },
      items: { data: [{ quantity: 1, price: { unit_amount: 2500, recurring: { interval: "month" } } }] },
    });
    const customer = (await stripe.customers.retrieve(completed.customer as string)) as Stripe.Customer;
    expect(customer).toMatchObject({ email: "monthly@example.org", name: "Kim Donor" });

    const paidEvent = only(events, "invoice.paid").data.object as unknown as Stripe.Invoice;
    expect(paidEvent).toMatchObject({
      billing_reason: "subscription_create",
      status: "paid",
      amount_paid: 2500,
      amount_due: 2500,
      amount_remaining: 0,
      currency: "usd",
      customer: completed.customer,
      customer_email: "monthly@example.org",
      parent: {
        type: "subscription_details",
        subscription_details: {
          subscription: subscription.id,
          metadata: { monthlyGiftId: "mg_1", campaignId: "camp_1" },
        },
      },
    });
    expect(paidEvent.lines.data[0]).toMatchObject({
      amount: 2500,
      currency: "usd",
      parent: { subscription_item_details: { subscription: subscription.id } },
      pricing: { price_details: { price: subscription.items.data[0]!.price.id } },
    });
    // Stripe does not put includable fields in events; the handler expands them from the API.
    expect(paidEvent.payments).toBeUndefined();
    const invoice = await stripe.invoices.retrieve(paidEvent.id, {
      expand: ["payments.data.payment.payment_intent"],
    });
    const payment = invoice.payments!.data[0]!.payment;
    expect(payment.type).toBe("payment_intent");
    const intent = payment.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: "succeeded", amount: 2500, customer: completed.customer });
    await expect(stripe.charges.retrieve(intent.latest_charge as string)).resolves.toMatchObject({
      amount: 2500,
      paid: true,
    });
  });

  it("renews monthly, fails a renewal (past due), recovers, and cancels", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "krw", amount: 10000 }));
    const started = standIn.completeCheckout(session.id, { paymentMethod: "kakao_pay" });
    const subscriptionId =
      (only(started, "checkout.session.completed").data.object.subscription as string) ?? "";
    const firstInvoice = only(started, "invoice.paid").data.object as unknown as Stripe.Invoice;

    const renewed = standIn.renewSubscription(subscriptionId);
    const secondInvoice = only(renewed, "invoice.paid").data.object as unknown as Stripe.Invoice;
    expect(secondInvoice.id).not.toBe(firstInvoice.id);
    expect(secondInvoice).toMatchObject({
      billing_reason: "subscription_cycle",
      amount_paid: 10000,
      currency: "krw",
      period_start: firstInvoice.period_end,
    });
    const renewalCharge = only(renewed, "charge.succeeded").data.object as unknown as Stripe.Charge;
    expect(renewalCharge.payment_method_details?.type).toBe("kakao_pay");

    const failed = standIn.failRenewal(subscriptionId);
    expect(types(failed)).toEqual([
      "invoice.created",
      "invoice.finalized",
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(only(failed, "invoice.payment_failed").data.object).toMatchObject({
      status: "open",
      amount_paid: 0,
      amount_remaining: 10000,
      attempt_count: 1,
      billing_reason: "subscription_cycle",
    });
    expect(only(failed, "customer.subscription.updated").data).toMatchObject({
      object: { status: "past_due" },
      previous_attributes: { status: "active" },
    });
    await expect(stripe.subscriptions.retrieve(subscriptionId)).resolves.toMatchObject({
      status: "past_due",
    });

    const recovered = standIn.renewSubscription(subscriptionId);
    expect(only(recovered, "customer.subscription.updated").data).toMatchObject({
      object: { status: "active" },
      previous_attributes: { status: "past_due" },
    });

    const canceled = standIn.cancelSubscription(subscriptionId);
    expect(types(canceled)).toEqual(["customer.subscription.deleted"]);
    expect(canceled[0]!.data.object).toMatchObject({
      status: "canceled",
      cancellation_details: { reason: "cancellation_requested" },
    });
    expect(() => standIn.renewSubscription(subscriptionId)).toThrow(/canceled/);
  });

  it("asks for authentication on a renewal: invoice.payment_action_required, past due", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "usd", amount: 2500 }));
    const subscriptionId = only(standIn.completeCheckout(session.id), "checkout.session.completed").data
      .object.subscription as string;
    const events = standIn.requireRenewalAction(subscriptionId);
    expect(types(events)).toEqual([
      "invoice.created",
      "invoice.finalized",
      "payment_intent.requires_action",
      "invoice.payment_action_required",
      "customer.subscription.updated",
    ]);
    expect(only(events, "invoice.payment_action_required").data.object).toMatchObject({
      status: "open",
      amount_paid: 0,
      billing_reason: "subscription_cycle",
    });
    await expect(stripe.subscriptions.retrieve(subscriptionId)).resolves.toMatchObject({
      status: "past_due",
    });
  });

  it("snapshots each object in its event as it was then", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "usd", amount: 2500 }));
    const events = standIn.completeCheckout(session.id);
    expect(only(events, "invoice.created").data.object).toMatchObject({ status: "draft", amount_paid: 0 });
    expect(only(events, "invoice.finalized").data.object).toMatchObject({ status: "open", amount_paid: 0 });
    expect(only(events, "invoice.paid").data.object).toMatchObject({ status: "paid", amount_paid: 2500 });
    const subscriptionId = only(events, "checkout.session.completed").data.object.subscription as string;
    standIn.cancelSubscription(subscriptionId);
    expect(only(events, "customer.subscription.created").data.object).toMatchObject({ status: "active" });
    // Events can be fetched again, as the handler may to check one is genuine.
    await expect(stripe.events.retrieve(events[0]!.id)).resolves.toMatchObject({ type: "customer.created" });
  });

  it("twelve months of renewals make twelve distinct paid invoices a month apart", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "usd", amount: 1000 }));
    const subscriptionId = only(standIn.completeCheckout(session.id), "checkout.session.completed").data
      .object.subscription as string;
    const invoices = Array.from({ length: 12 }, () => {
      return only(standIn.renewSubscription(subscriptionId), "invoice.paid").data
        .object as unknown as Stripe.Invoice;
    });
    expect(new Set(invoices.map((invoice) => invoice.id)).size).toBe(12);
    for (const [index, invoice] of invoices.entries()) {
      if (index > 0) expect(invoice.period_start).toBe(invoices[index - 1]!.period_end);
      const start = new Date(invoice.period_start * 1000);
      const end = new Date(invoice.period_end * 1000);
      expect(
        (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth(),
      ).toBe(1);
    }
  });

  it("cancels through the API (DELETE /v1/subscriptions/:id) and updates metadata (POST)", async () => {
    const session = await stripe.checkout.sessions.create(monthlyParams({ currency: "eur", amount: 1000 }));
    const subscriptionId = only(standIn.completeCheckout(session.id), "checkout.session.completed").data
      .object.subscription as string;
    const updated = await stripe.subscriptions.update(subscriptionId, { metadata: { note: "hello" } });
    expect(updated.metadata).toEqual({ monthlyGiftId: "mg_1", campaignId: "camp_1", note: "hello" });
    const canceled = await stripe.subscriptions.cancel(subscriptionId);
    expect(canceled).toMatchObject({ status: "canceled" });
    expect(standIn.requestsTo("DELETE", `/v1/subscriptions/${subscriptionId}`)).toHaveLength(1);
    expect(standIn.events().at(-1)).toMatchObject({
      type: "customer.subscription.deleted",
      data: { object: { id: subscriptionId, status: "canceled" } },
    });
  });

  it("refunds in part and then in full, with charge.refunded each time", async () => {
    const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "krw", amount: 10000 }));
    const charge = only(
      standIn.completeCheckout(session.id, { paymentMethod: "naver_pay" }),
      "charge.succeeded",
    ).data.object as unknown as Stripe.Charge;
    const partial = standIn.refundCharge(charge.id, 4000);
    expect(types(partial)).toEqual(["refund.created", "charge.refunded"]);
    expect(only(partial, "refund.created").data.object).toMatchObject({
      amount: 4000,
      charge: charge.id,
      status: "succeeded",
    });
    expect(only(partial, "refund.created").data.object.id).toMatch(/^re_/);
    expect(only(partial, "charge.refunded").data).toMatchObject({
      object: { amount_refunded: 4000, refunded: false },
      previous_attributes: { amount_refunded: 0, refunded: false },
    });
    const rest = standIn.refundCharge(charge.id);
    expect(only(rest, "charge.refunded").data.object).toMatchObject({
      amount_refunded: 10000,
      refunded: true,
    });
    await expect(stripe.charges.retrieve(charge.id)).resolves.toMatchObject({
      amount_refunded: 10000,
      refunded: true,
    });
    expect(() => standIn.refundCharge(charge.id, 1)).toThrow(/greater than unrefunded/);
  });

  it("opens and closes disputes, won and lost", async () => {
    for (const outcome of ["won", "lost"] as const) {
      const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
      const charge = only(standIn.completeCheckout(session.id), "charge.succeeded").data.object;
      const opened = standIn.openDispute(charge.id as string);
      const dispute = only(opened, "charge.dispute.created").data.object;
      expect(dispute).toMatchObject({
        object: "dispute",
        charge: charge.id,
        status: "needs_response",
        amount: 2500,
      });
      expect(dispute.id).toMatch(/^du_/);
      const closed = standIn.closeDispute(dispute.id as string, outcome);
      expect(only(closed, "charge.dispute.closed").data.object).toMatchObject({
        id: dispute.id,
        status: outcome,
      });
      await expect(stripe.charges.retrieve(charge.id as string)).resolves.toMatchObject({ disputed: true });
    }
  });

  it("creates customers and billing portal sessions", async () => {
    const customer = await stripe.customers.create({ email: "portal@example.org", name: "Lee" });
    expect(customer.id).toMatch(/^cus_/);
    expect(standIn.requests[0]!.params).toEqual({ email: "portal@example.org", name: "Lee" });
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: `${APP}/donate`,
    });
    expect(portal).toMatchObject({
      object: "billing_portal.session",
      customer: customer.id,
      return_url: `${APP}/donate`,
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
    await expectStripeError(stripe.billingPortal.sessions.create({ customer: "cus_nobody" }), {
      statusCode: 404,
      type: "invalid_request_error",
      code: "resource_missing",
      param: "customer",
    });
  });
});

describe("webhook delivery", () => {
  it("signs each event so Stripe.webhooks.constructEvent accepts it, and reports the status", async () => {
    const receiver = await startReceiver(200);
    try {
      const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
      const events = standIn.completeCheckout(session.id);
      const results = await standIn.deliverEvents(events, { url: receiver.url, secret: SECRET });
      expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
      expect(receiver.received).toHaveLength(3);
      for (const [index, delivery] of receiver.received.entries()) {
        expect(delivery.headers["content-type"]).toMatch(/^application\/json/);
        const verified = Stripe.webhooks.constructEvent(
          delivery.body,
          delivery.headers["stripe-signature"] as string,
          SECRET,
          300,
        );
        expect(verified).toEqual(JSON.parse(JSON.stringify(events[index])));
        expect(() =>
          Stripe.webhooks.constructEvent(
            delivery.body,
            delivery.headers["stripe-signature"] as string,
            "whsec_other",
          ),
        ).toThrow(Stripe.errors.StripeSignatureVerificationError);
      }
    } finally {
      await receiver.close();
    }
  });

  it("reports a failing webhook's status (the caller retries)", async () => {
    const receiver = await startReceiver(503);
    try {
      const session = await stripe.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
      const results = await standIn.deliverEvents(standIn.expireCheckout(session.id), {
        url: receiver.url,
        secret: SECRET,
      });
      expect(results).toEqual([
        expect.objectContaining({ type: "checkout.session.expired", status: 503 }) as unknown,
      ]);
    } finally {
      await receiver.close();
    }
  });
});

describe("the in-process client of local mode", () => {
  /** A session without what differs between two runs (ids, times, the hosted page's address). */
  function comparable(session: Stripe.Checkout.Session) {
    const { id: _id, created: _created, expires_at: _expires, url: _url, ...rest } = session;
    return rest;
  }

  it("is the official SDK answered by the same stand-in, with the checkout page on our app", async () => {
    const { createSimulatedStripe, getSimulatedStandIn } =
      await import("~/services/stripe-stand-in/client.server");
    const simulated = createSimulatedStripe({ webhookSecret: SECRET, appUrl: `${APP}/` });
    expect(simulated).toBeInstanceOf(Stripe);

    for (const create of [
      oneOffParams({ currency: "jpy", amount: 3000 }),
      monthlyParams({ currency: "krw", amount: 10000 }),
    ]) {
      const overHttp = await stripe.checkout.sessions.create(create, {
        idempotencyKey: `same-${create.mode}`,
      });
      const inProcess = await simulated.checkout.sessions.create(create, {
        idempotencyKey: `same-${create.mode}`,
      });
      expect(comparable(inProcess)).toEqual(comparable(overHttp));
      expect(inProcess.url).toBe(`${APP}/dev/checkout/${inProcess.id}`);

      const httpEvents = standIn.completeCheckout(overHttp.id);
      const localEvents = getSimulatedStandIn().completeCheckout(inProcess.id);
      expect(types(localEvents)).toEqual(types(httpEvents));
      const [afterHttp, afterLocal] = await Promise.all([
        stripe.checkout.sessions.retrieve(overHttp.id),
        simulated.checkout.sessions.retrieve(inProcess.id),
      ]);
      expect(afterLocal).toMatchObject({ status: "complete", payment_status: "paid" });
      expect(afterLocal.status).toBe(afterHttp.status);
    }

    // Replays and errors come back as they do over HTTP.
    const replay = await simulated.checkout.sessions.create(oneOffParams({ currency: "jpy", amount: 3000 }), {
      idempotencyKey: "same-payment",
    });
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expectStripeError(
      simulated.checkout.sessions.create({
        ...oneOffParams({ currency: "usd", amount: 2500 }),
        payment_method_types: ["card"],
      } as Stripe.Checkout.SessionCreateParams),
      { statusCode: 400, type: "invalid_request_error", code: "payment_method_types_no_longer_supported" },
    );
  });

  it("keeps its state across a new client (a remix dev rebuild)", async () => {
    const { createSimulatedStripe } = await import("~/services/stripe-stand-in/client.server");
    const before = createSimulatedStripe({ webhookSecret: SECRET, appUrl: APP });
    const session = await before.checkout.sessions.create(oneOffParams({ currency: "usd", amount: 2500 }));
    const after = createSimulatedStripe({ webhookSecret: SECRET, appUrl: APP });
    await expect(after.checkout.sessions.retrieve(session.id)).resolves.toMatchObject({
      id: session.id,
      status: "open",
    });
  });
});
