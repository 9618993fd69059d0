// What the app sends Stripe for a gift, through the official SDK to the HTTP stand-in: amounts in
// each currency's minor unit (KRW and JPY have none), mode and recurring, metadata naming our row,
// the idempotency key, return URLs in the donor's language; and that a refused request (invalid,
// flagged, over the limit) calls Stripe not at all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DONATE_CHALLENGE, DONATE_LIMITS, requestDonation } from "~/models/donation.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { createCampaign } from "../factories";
import { solvedPow } from "../support/proof-of-work";
import { startStripeStandIn, type StripeHttpStandIn } from "../stand-ins/stripe-stand-in";

let stripe: StripeHttpStandIn;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  process.env.STRIPE_SECRET_KEY = "sk_test_rollcall_params";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_rollcall_params";
  process.env.STRIPE_API_BASE = stripe.url;
  process.env.APP_URL = "https://rollcall.example";
});

afterAll(async () => {
  await stripe?.close();
});

let network = 0;
beforeEach(() => {
  network++;
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  // Shown 5 s ago, as to a person who then filled it in.
  data.set("shown", formShownToken("donate", Date.now() - 5_000));
  data.set("website", "");
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const origin = () => ({ ipHash: `params-network-${network}`, clientIp: "192.0.2.1" });
const sessionRequests = () => stripe.requestsTo("POST", "/v1/checkout/sessions");

describe("the Checkout Session a gift opens", () => {
  it.each([
    ["USD", "25", "en", 2_500],
    ["EUR", "10.50", "en", 1_050],
    ["GBP", "5", "en", 500],
    ["KRW", "10000", "ko", 10_000],
    ["JPY", "3000", "ja", 3_000],
  ] as const)(
    "%s %s typed on the %s page is sent as unit_amount %i, once, as a donation",
    async (currency, typed, locale, minor) => {
      const before = sessionRequests().length;
      const result = await requestDonation(
        form({
          amount: "custom",
          customAmount: typed,
          currency,
          frequency: "once",
          email: "donor@example.org",
        }),
        origin(),
        { locale, campaignSlug: null },
      );
      expect(result).toMatchObject({ ok: true });
      const sent = sessionRequests().slice(before);
      expect(sent).toHaveLength(1);
      const donation = await getPrisma().donation.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      expect(donation).toMatchObject({ amount: minor, currency, status: "pending", kind: "one_time" });
      expect(sent[0]!.idempotencyKey).toBe(`donation-checkout:${donation.id}`);
      expect(sent[0]!.params).toEqual({
        mode: "payment",
        submit_type: "donate",
        customer_email: "donor@example.org",
        client_reference_id: donation.id,
        locale,
        metadata: { donation_id: donation.id },
        payment_intent_data: { metadata: { donation_id: donation.id } },
        success_url: `https://rollcall.example/${locale}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `https://rollcall.example/${locale}/donate/canceled`,
        line_items: [
          {
            price_data: {
              currency: currency.toLowerCase(),
              unit_amount: String(minor),
              product_data: { name: "Rollcall Demo NGO" },
            },
            quantity: "1",
          },
        ],
      });
      expect(donation.checkoutSessionId).toBe(
        (result as { checkoutUrl: string }).checkoutUrl.split("/").at(-1),
      );
    },
  );

  it("opens a monthly gift as a subscription with an inline monthly price, for a campaign", async () => {
    const campaign = await createCampaign({ status: "live" });
    const before = sessionRequests().length;
    const result = await requestDonation(
      form({ amount: "30000", currency: "KRW", frequency: "monthly", email: "monthly@example.org" }),
      origin(),
      { locale: "ko", campaignSlug: campaign.slug },
    );
    expect(result).toMatchObject({ ok: true });
    const [sent] = sessionRequests().slice(before);
    const donation = await getPrisma().donation.findFirstOrThrow({ where: { email: "monthly@example.org" } });
    expect(donation).toMatchObject({
      kind: "monthly",
      amount: 30_000,
      currency: "KRW",
      campaignId: campaign.id,
    });
    const metadata = { donation_id: donation.id, campaign_id: campaign.id };
    expect(sent!.params).toMatchObject({
      mode: "subscription",
      metadata,
      subscription_data: { metadata },
      cancel_url: `https://rollcall.example/ko/donate/canceled?campaign=${campaign.slug}`,
      line_items: [
        {
          price_data: { currency: "krw", unit_amount: "30000", recurring: { interval: "month" } },
          quantity: "1",
        },
      ],
    });
    expect(sent!.params).not.toHaveProperty("submit_type");
    expect(sent!.params).not.toHaveProperty("payment_method_types");
    // Monthly only with methods that can be charged again.
    expect(sent!.params.excluded_payment_method_types).toEqual(["konbini", "paypay", "payco", "samsung_pay"]);
  });
});

describe("requests that must cost nothing", () => {
  it("calls Stripe for no invalid, flagged or over-limit request, and records no gift", async () => {
    const before = { requests: sessionRequests().length, gifts: await getPrisma().donation.count() };
    const valid = { amount: "25", currency: "USD", frequency: "once", email: "bot@example.org" };
    // Invalid: under the minimum, a bad address.
    expect(
      await requestDonation(form({ ...valid, amount: "0.10" }), origin(), {
        locale: "en",
        campaignSlug: null,
      }),
    ).toMatchObject({ ok: false });
    expect(
      await requestDonation(form({ ...valid, email: "nope" }), origin(), {
        locale: "en",
        campaignSlug: null,
      }),
    ).toMatchObject({ ok: false });
    // Flagged: the honeypot filled in, a post 1 s after the page, a forged token.
    const honeypot = form(valid);
    honeypot.set("website", "https://spam.example");
    const tooFast = form(valid);
    tooFast.set("shown", formShownToken("donate", Date.now() - 1_000));
    const forged = form(valid);
    forged.set("shown", "1234567890123.AAAAAAAAAAAAAAAA");
    for (const data of [honeypot, tooFast, forged]) {
      expect(await requestDonation(data, origin(), { locale: "en", campaignSlug: null })).toMatchObject({
        ok: false,
      });
    }
    expect(sessionRequests().length).toBe(before.requests);
    expect(await getPrisma().donation.count()).toBe(before.gifts);
  });

  it("opens at most DONATE_LIMITS.perIp sessions an hour for one network", async () => {
    const before = sessionRequests().length;
    const outcomes = [];
    for (let i = 0; i <= DONATE_LIMITS.perIp; i++) {
      const data = form({
        amount: "1",
        currency: "USD",
        frequency: "once",
        email: `card-test-${i}@example.org`,
      });
      // Past DONATE_CHALLENGE.perIp every try must carry a solved challenge; even then the limit holds.
      if (i >= DONATE_CHALLENGE.perIp) data.set("pow", await solvedPow());
      const result = await requestDonation(data, origin(), { locale: "en", campaignSlug: null });
      outcomes.push("busy" in result ? "busy" : result.ok ? "ok" : "error");
    }
    expect(outcomes).toEqual([...Array(DONATE_LIMITS.perIp).fill("ok"), "busy"]);
    expect(sessionRequests().length - before).toBe(DONATE_LIMITS.perIp);
  });
});
