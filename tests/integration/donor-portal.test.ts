// The manage link's button opens a Stripe Billing Portal session through the official SDK, here
// pointed at the Stripe stand-in over HTTP, which records the exact parameters sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DONOR_MANAGE_EMAIL, donorManageFormToken } from "~/models/donor-manage.server";
import { action as requestAction } from "~/routes/($lang).donate_.manage";
import { action as linkAction, loader as linkLoader } from "~/routes/($lang).donate_.manage_.$token";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { donorManageToken } from "~/utils/subscriber-tokens.server";
import { startStripeStandIn, type StripeHttpStandIn } from "../stand-ins/stripe-stand-in";

let standIn: StripeHttpStandIn;

// Before anything reads the environment, so the SDK is built for the stand-in's port.
beforeAll(async () => {
  standIn = await startStripeStandIn();
  process.env.STRIPE_SECRET_KEY = "sk_test_rollcall_portal";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_rollcall_portal";
  process.env.STRIPE_API_BASE = standIn.url;
});

afterAll(async () => {
  await standIn?.close();
});

const context = {
  cspNonce: "",
  cspWithNonce: "",
  ipHash: "cG9ydGFsLXRlc3QtaXAtaGFzaA",
  clientIp: "192.0.2.30",
};
let shownOffset = 0;

function post(path: string, fields: Record<string, string>) {
  return new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

async function giftWithStripeCustomer(email: string) {
  const customer = await standIn.client().customers.create({ email });
  const gift = await getPrisma().monthlyGift.create({
    data: { status: "active", amount: 3_000, currency: "JPY", locale: "ja", email, customerId: customer.id },
  });
  return { gift, customerId: customer.id };
}

async function linkFor(email: string, lang: string) {
  const shown = donorManageFormToken(Date.now() - 10_000 - shownOffset++);
  await requestAction({
    request: post(`/${lang}/donate/manage`, { email, shown, website: "" }),
    params: { lang },
    context,
  });
  const delivery = await getPrisma().emailDelivery.findFirstOrThrow({
    where: { kind: DONOR_MANAGE_EMAIL, toEmail: email },
  });
  return donorManageToken(delivery.id);
}

async function press(token: string, gift: string, lang: string) {
  const response = await linkAction({
    request: post(`/${lang}/donate/manage/${token}`, { gift }),
    params: { lang, token },
    context,
  });
  if (response instanceof Response)
    return { status: response.status, location: response.headers.get("location") };
  const result = response as unknown as { data: { page: unknown }; init: { status?: number } | null };
  return { status: result.init?.status ?? 200, page: result.data.page };
}

const portalRequests = () => standIn.requestsTo("POST", "/v1/billing_portal/sessions");

describe("the manage link's button", () => {
  it("opens the portal for the customer paying the gift, in the donor's language, once", async () => {
    const { gift, customerId } = await giftWithStripeCustomer("portal-donor@example.org");
    const token = await linkFor("portal-donor@example.org", "ja");
    const before = portalRequests().length;

    const pressed = await press(token, gift.id, "ja");
    expect(pressed.status).toBe(303);
    expect(pressed.location).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
    const sent = portalRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toEqual({
      customer: customerId,
      return_url: `${getEnv().APP_URL}/ja/donate`,
      locale: "ja",
    });

    // Used: a second press, or a reload, opens nothing.
    expect(await press(token, gift.id, "ja")).toEqual({ status: 410, page: { state: "used" } });
    const page = (await linkLoader({
      request: new Request(`http://127.0.0.1/ja/donate/manage/${token}`),
      params: { lang: "ja", token },
      context,
    })) as unknown as { data: { page: unknown } };
    expect(page.data.page).toEqual({ state: "used" });
    expect(portalRequests().slice(before)).toHaveLength(1);
  });

  it("opens one portal when pressed twice at once", async () => {
    const { gift } = await giftWithStripeCustomer("double-press@example.org");
    const token = await linkFor("double-press@example.org", "en");
    const before = portalRequests().length;
    const results = await Promise.all([press(token, gift.id, "en"), press(token, gift.id, "en")]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    expect(portalRequests().slice(before)).toHaveLength(1);
  });
});
