// The donate form's proof of work under abnormal load (card testing): under normal load nothing is
// asked and every valid gift goes on to Stripe; past DONATE_CHALLENGE a post without a solved,
// unused challenge is refused with a translated message before any row or Stripe call; a solution
// counts once; and what /api/donate/challenge answers. Stripe is the HTTP stand-in.
import type { AppLoadContext } from "@remix-run/node";
import type { Challenge } from "altcha-lib/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hitRateLimits } from "~/models/abuse.server";
import { donatingNeedsChallenge } from "~/models/donate-challenge.server";
import {
  DONATE_CHALLENGE,
  DONATE_LIMITS,
  donateKeys,
  requestDonation,
  type DonationRequest,
} from "~/models/donation.server";
import { loader } from "~/routes/api.donate.challenge";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { createCampaign } from "../factories";
import { solvedPow } from "../support/proof-of-work";
import { startStripeStandIn, type StripeHttpStandIn } from "../stand-ins/stripe-stand-in";

let stripe: StripeHttpStandIn;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  process.env.STRIPE_SECRET_KEY = "sk_test_rollcall_pow";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_rollcall_pow";
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

const ipHash = () => `pow-network-${network}`;
const origin = () => ({ ipHash: ipHash(), clientIp: "192.0.2.7" });
const sessionRequests = () => stripe.requestsTo("POST", "/v1/checkout/sessions");

function form(email: string, pow?: string) {
  const data = new FormData();
  data.set("shown", formShownToken("donate", Date.now() - 5_000));
  data.set("website", "");
  data.set("amount", "25");
  data.set("currency", "USD");
  data.set("frequency", "once");
  data.set("email", email);
  if (pow !== undefined) data.set("pow", pow);
  return data;
}

const give = (data: FormData, campaignSlug: string | null = null) =>
  requestDonation(data, origin(), { locale: "en", campaignSlug });

/** What a refusal for want of a challenge looks like: the form's message, what was typed kept. */
const challengeRefusal = (email: string) => ({
  ok: false,
  errors: { form: { key: "donate.error.challenge" } },
  values: expect.objectContaining({ email, amount: "25", currency: "USD" }),
});

async function gifts(email: string) {
  return getPrisma().donation.count({ where: { email } });
}

/** Takes a campaign's 10-minute counter to `count` tries, as many networks giving would. */
async function loadCampaign(campaignId: string | null, count: number) {
  const key = donateKeys(campaignId, "").campaign;
  for (let i = 0; i < count; i++) {
    await hitRateLimits([{ key, windowSeconds: DONATE_LIMITS.campaignWindowSeconds }]);
  }
}

async function askEndpoint(query: string, hash = ipHash()) {
  const context = { ipHash: hash, clientIp: "192.0.2.7", cspNonce: "", cspWithNonce: "" } as AppLoadContext;
  const response = await loader({
    request: new Request(`https://rollcall.example/api/donate/challenge${query}`),
    params: {},
    context,
  });
  return {
    response,
    body: (await response.json()) as { challenge?: Challenge | null; waitMessage?: string; error?: string },
  };
}

describe("under normal load", () => {
  it("asks no challenge and sends every gift on to Stripe, as before", async () => {
    const before = sessionRequests().length;
    for (let i = 0; i < DONATE_CHALLENGE.perIp; i++) {
      expect(await donatingNeedsChallenge(null, ipHash())).toBe(false);
      expect(await give(form(`normal-${i}@example.org`))).toMatchObject({ ok: true });
    }
    expect(sessionRequests().length - before).toBe(DONATE_CHALLENGE.perIp);
  });

  it("lets a post that carries a solution anyway go through", async () => {
    expect(await give(form("eager@example.org", await solvedPow()))).toMatchObject({ ok: true });
  });
});

describe("a network past DONATE_CHALLENGE.perIp tries in the hour", () => {
  async function exhaust() {
    for (let i = 0; i < DONATE_CHALLENGE.perIp; i++) {
      expect(await give(form(`before-${network}-${i}@example.org`))).toMatchObject({ ok: true });
    }
    expect(await donatingNeedsChallenge(null, ipHash())).toBe(true);
  }

  it("is refused without a solution, with what was typed, and costs no row and no Stripe call", async () => {
    await exhaust();
    const before = sessionRequests().length;
    for (const pow of [undefined, "", "not base64 json", Buffer.from("{}").toString("base64")]) {
      expect(await give(form("tester@example.org", pow))).toEqual(challengeRefusal("tester@example.org"));
    }
    expect(sessionRequests().length).toBe(before);
    expect(await gifts("tester@example.org")).toBe(0);
  });

  it("goes through once with a valid solution; the same solution replayed is refused", async () => {
    await exhaust();
    const pow = await solvedPow();
    const before = sessionRequests().length;
    expect(await give(form("solved@example.org", pow))).toMatchObject({ ok: true });
    expect(sessionRequests().length - before).toBe(1);
    expect(await give(form("replayed@example.org", pow))).toEqual(challengeRefusal("replayed@example.org"));
    expect(sessionRequests().length - before).toBe(1);
    expect(await gifts("replayed@example.org")).toBe(0);
  });

  it("refuses a forged solution (a wrong number for a real challenge)", async () => {
    await exhaust();
    const real = JSON.parse(Buffer.from(await solvedPow(), "base64").toString("utf8")) as { number: number };
    const forged = Buffer.from(JSON.stringify({ ...real, number: real.number + 1 })).toString("base64");
    expect(await give(form("forged@example.org", forged))).toEqual(challengeRefusal("forged@example.org"));
  });

  it("does not challenge another network", async () => {
    await exhaust();
    network++;
    expect(await donatingNeedsChallenge(null, ipHash())).toBe(false);
    expect(await give(form("neighbour@example.org"))).toMatchObject({ ok: true });
  });
});

describe("a campaign past DONATE_CHALLENGE.perCampaign tries in 10 minutes", () => {
  it("challenges every network giving to it, and only to it, and keeps the challenge on after the window", async () => {
    const busy = await createCampaign({ status: "live" });
    const quiet = await createCampaign({ status: "live" });
    await loadCampaign(busy.id, DONATE_CHALLENGE.perCampaign - 1);
    // The last try below the threshold still needs nothing.
    expect(await donatingNeedsChallenge(busy.id, ipHash())).toBe(false);
    expect(await give(form("last-normal@example.org"), busy.slug)).toMatchObject({ ok: true });
    expect(await donatingNeedsChallenge(busy.id, ipHash())).toBe(true);

    network++; // a fresh network, first try this hour
    const before = sessionRequests().length;
    expect(await give(form("fresh@example.org"), busy.slug)).toEqual(challengeRefusal("fresh@example.org"));
    expect(sessionRequests().length).toBe(before);
    expect(await give(form("fresh@example.org", await solvedPow()), busy.slug)).toMatchObject({ ok: true });
    // The general page and other campaigns are not under that load (a fresh network again: the
    // network's own hour counts gifts to every campaign).
    network++;
    expect(await give(form("elsewhere@example.org"), quiet.slug)).toMatchObject({ ok: true });
    expect(await give(form("general@example.org"))).toMatchObject({ ok: true });

    // The try that crossed the threshold raised the alarm: the next window is challenged too.
    const nextWindow = Date.now() + DONATE_LIMITS.campaignWindowSeconds * 1000;
    expect(await donatingNeedsChallenge(busy.id, "someone-else", nextWindow)).toBe(true);
    const afterAlarm = Date.now() + (DONATE_CHALLENGE.campaignAlarmSeconds + 1) * 1000;
    expect(await donatingNeedsChallenge(busy.id, "someone-else", afterAlarm)).toBe(false);
  });
});

describe("GET /api/donate/challenge", () => {
  it("answers no challenge under normal load, never cached, with the wait line in the asked language", async () => {
    const campaign = await createCampaign({ status: "live" });
    for (const [locale, catalogue] of [
      ["en", en],
      ["ko", ko],
      ["ja", ja],
    ] as const) {
      const { response, body } = await askEndpoint(`?campaign=${campaign.slug}&locale=${locale}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(body).toEqual({ challenge: null, waitMessage: catalogue["donate.challengeWorking"] });
    }
    expect((await askEndpoint("?campaign=")).body.challenge).toBeNull();
  });

  it("answers 404 for an unknown or closed campaign", async () => {
    const closed = await createCampaign({ status: "closed" });
    for (const slug of ["no-such-campaign", closed.slug]) {
      const { response, body } = await askEndpoint(`?campaign=${slug}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(body.error).toBeTruthy();
    }
  });

  it("answers a fresh challenge when one is needed, which a gift can then use once", async () => {
    for (let i = 0; i < DONATE_CHALLENGE.perIp; i++) {
      expect(await give(form(`endpoint-${i}@example.org`))).toMatchObject({ ok: true });
    }
    const first = await askEndpoint("?locale=ko");
    const second = await askEndpoint("?locale=ko");
    expect(first.body.challenge).toMatchObject({ algorithm: "SHA-256", maxnumber: 50_000 });
    expect(second.body.challenge!.salt).not.toBe(first.body.challenge!.salt);
    expect(first.body.waitMessage).toBe(ko["donate.challengeWorking"]);
    // Another network is not asked.
    expect((await askEndpoint("?locale=ko", "quiet-network")).body.challenge).toBeNull();

    const pow = await solvedPow(first.body.challenge!);
    const result: DonationRequest = await give(form("endpoint-solved@example.org", pow));
    expect(result).toMatchObject({ ok: true });
    expect(await give(form("endpoint-replay@example.org", pow))).toEqual(
      challengeRefusal("endpoint-replay@example.org"),
    );
  });
});

// Last: the general page stays challenged for the rest of the file once its counter is over.
describe("the general donate page past DONATE_CHALLENGE.perCampaign", () => {
  it("applies to the general page's own counter", async () => {
    await loadCampaign(null, DONATE_CHALLENGE.perCampaign + 1);
    expect(await give(form("general-busy@example.org"))).toEqual(
      challengeRefusal("general-busy@example.org"),
    );
  });
});
