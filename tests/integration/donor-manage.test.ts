import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { DONATION_RECEIPT_EMAIL } from "~/models/donation-email.server";
import {
  DONOR_MANAGE_EMAIL,
  DONOR_MANAGE_LIMITS,
  donorManageFormToken,
  MANAGE_LINK_MINUTES,
} from "~/models/donor-manage.server";
import { composeTransactionalEmail, SupersededEmailError } from "~/models/transactional-email.server";
import { action as requestAction, loader as requestLoader } from "~/routes/($lang).donate_.manage";
import { action as linkAction, loader as linkLoader } from "~/routes/($lang).donate_.manage_.$token";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { donorManageToken } from "~/utils/subscriber-tokens.server";
import { createCampaign } from "../factories";

const context = { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "192.0.2.20" };
const db = () => getPrisma();

// Each post gets a form token of its own (one token posted more than 3 times is a replay).
let shownOffset = 0;
const shown = () => donorManageFormToken(Date.now() - 10_000 - shownOffset++);
const freshIp = () => randomBytes(16).toString("base64url");

function post(path: string, fields: Record<string, string>) {
  return new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

type Result = { data: Record<string, unknown>; init: { status?: number; headers?: HeadersInit } | null };

async function askForLink(fields: Record<string, string>, { lang = "en", ipHash = freshIp() } = {}) {
  const request = post(`/${lang}/donate/manage`, { shown: shown(), website: "", ...fields });
  const result = (await requestAction({
    request,
    params: { lang },
    context: { ...context, ipHash },
  })) as unknown as Result;
  return { status: result.init?.status ?? 200, data: result.data };
}

let giftCount = 0;
async function createMonthlyGift(overrides: Partial<Prisma.MonthlyGiftUncheckedCreateInput> = {}) {
  giftCount += 1;
  return db().monthlyGift.create({
    data: {
      status: "active",
      amount: 30_000,
      currency: "KRW",
      locale: "ko",
      email: `giver${giftCount}@example.org`,
      customerId: `cus_manage_${giftCount}`,
      stripeSubscriptionId: `sub_manage_${giftCount}`,
      ...overrides,
    },
  });
}

const linksTo = (email: string) =>
  db().emailDelivery.findMany({
    where: { kind: DONOR_MANAGE_EMAIL, toEmail: email },
    orderBy: { createdAt: "asc" },
  });
/** The link emails to an address that the send-email job would actually send. */
async function mailedLinks(email: string) {
  const mailed = [];
  for (const delivery of await linksTo(email)) {
    try {
      mailed.push(await composeTransactionalEmail(delivery));
    } catch (error) {
      if (!(error instanceof SupersededEmailError)) throw error;
    }
  }
  return mailed;
}

async function linkFor(email: string, lang = "en") {
  await askForLink({ email }, { lang });
  const [delivery] = await linksTo(email);
  return { delivery: delivery!, token: donorManageToken(delivery!.id) };
}

async function openLink(token: string, lang = "en") {
  const result = (await linkLoader({
    request: new Request(`http://127.0.0.1/${lang}/donate/manage/${token}`),
    params: { lang, token },
    context,
  })) as unknown as Result;
  return { status: result.init?.status ?? 200, data: result.data };
}

async function pressButton(token: string, gift: string, lang = "en") {
  const response = await linkAction({
    request: post(`/${lang}/donate/manage/${token}`, { gift }),
    params: { lang, token },
    context,
  });
  if (response instanceof Response)
    return { status: response.status, location: response.headers.get("location") };
  const result = response as unknown as Result;
  return { status: result.init?.status ?? 200, data: result.data };
}

describe("asking for a manage link", () => {
  it("the page is the same for every reader: only the language's form token and the link's lifetime", async () => {
    const page = (await requestLoader({
      request: new Request("http://127.0.0.1/en/donate/manage"),
      params: { lang: "en" },
      context,
    })) as { formShown: string; minutes: number };
    expect(Object.keys(page).sort()).toEqual(["formShown", "minutes"]);
    expect(page.minutes).toBe(MANAGE_LINK_MINUTES);
  });

  it("answers an address that gave exactly as one that did not, and mails only the one that gave", async () => {
    await createMonthlyGift({ email: "Min.Ji@Gmail.com" });
    await createMonthlyGift({ email: "stopped@example.org", status: "canceled" });
    const unknown = await askForLink({ email: "never-gave@example.org" });
    const stopped = await askForLink({ email: "stopped@example.org" });
    // Typed as another spelling of the same Gmail mailbox.
    const known = await askForLink({ email: "minji+gifts@gmail.com" });
    expect(unknown).toEqual({ status: 200, data: { sent: true } });
    expect(stopped).toEqual(unknown);
    expect(known).toEqual(unknown);
    // Each request queued the same work; only the send-email job learns who gave.
    expect(await mailedLinks("never-gave@example.org")).toEqual([]);
    expect(await mailedLinks("stopped@example.org")).toEqual([]);
    expect(await mailedLinks("minji+gifts@gmail.com")).toHaveLength(1);
  });

  it("mails the link in the language of the page it was asked from, with a link that opens our page", async () => {
    await createMonthlyGift({ email: "ja-donor@example.org", locale: "ja" });
    await askForLink({ email: "ja-donor@example.org" }, { lang: "ja" });
    const [delivery] = await linksTo("ja-donor@example.org");
    const message = await composeTransactionalEmail(delivery!);
    expect(message.to).toBe("ja-donor@example.org");
    expect(message.subject).toContain("毎月の寄付");
    expect(message.text).toContain(`${getEnv().APP_URL}/ja/donate/manage/${donorManageToken(delivery!.id)}`);
    expect(message.text).not.toContain("billing.stripe.com");
  });

  it("refuses a malformed address with a translated field error and the value typed", async () => {
    const result = await askForLink({ email: "not an address" });
    expect(result).toEqual({
      status: 400,
      data: {
        sent: false,
        errors: { email: "donateManage.error.emailInvalid" },
        values: { email: "not an address" },
      },
    });
  });

  it("mails nobody for a bot: the honeypot filled, posted at once, or a token we never made", async () => {
    await createMonthlyGift({ email: "bot-target@example.org" });
    const honeypot = await askForLink({ email: "bot-target@example.org", website: "https://spam.example" });
    const tooFast = await askForLink({
      email: "bot-target@example.org",
      shown: donorManageFormToken(Date.now() - 200),
    });
    const forged = await askForLink({
      email: "bot-target@example.org",
      shown: "1764460800000.AAAAAAAAAAAAAAAA",
    });
    for (const result of [honeypot, tooFast, forged])
      expect(result).toEqual({ status: 200, data: { sent: true } });
    expect(await linksTo("bot-target@example.org")).toHaveLength(0);
  });

  it("mails one address at most a few links a day, whoever asks, and answers the same after", async () => {
    await createMonthlyGift({ email: "flooded@example.org" });
    const answers = [];
    for (let i = 0; i < DONOR_MANAGE_LIMITS.perAddressPerDay + 3; i += 1) {
      answers.push(await askForLink({ email: "flooded@example.org" }));
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(await mailedLinks("flooded@example.org")).toHaveLength(DONOR_MANAGE_LIMITS.perAddressPerDay);
  });

  it("stops mailing for a network that asks about address after address", async () => {
    await createMonthlyGift({ email: "after-the-walk@example.org" });
    const ipHash = freshIp();
    for (let i = 0; i < DONOR_MANAGE_LIMITS.perIp; i += 1) {
      await askForLink({ email: `walk${i}@example.org` }, { ipHash });
    }
    expect(await askForLink({ email: "after-the-walk@example.org" }, { ipHash })).toEqual({
      status: 200,
      data: { sent: true },
    });
    expect(await linksTo("after-the-walk@example.org")).toHaveLength(0);
    // From another network, the donor still gets their link.
    await askForLink({ email: "after-the-walk@example.org" });
    expect(await mailedLinks("after-the-walk@example.org")).toHaveLength(1);
  });
});

describe("the link", () => {
  it("shows the gifts it manages and a button, and a GET uses nothing", async () => {
    const campaign = await createCampaign({ slug: "manage-camp" });
    const gift = await createMonthlyGift({ email: "shows@example.org", campaignId: campaign.id });
    const { token } = await linkFor("shows@example.org", "ko");
    for (let i = 0; i < 3; i += 1) {
      expect(await openLink(token, "ko")).toEqual({
        status: 200,
        data: {
          page: {
            state: "ready",
            gifts: [{ id: gift.id, amount: "₩30,000", campaignTitle: "manage-camp title (ko)" }],
          },
          minutes: MANAGE_LINK_MINUTES,
        },
      });
    }
  });

  it("is refused when it was not made by us, or names another kind of email", async () => {
    await createMonthlyGift({ email: "forged@example.org" });
    const { delivery } = await linkFor("forged@example.org");
    const token = donorManageToken(delivery.id);
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect((await openLink(tampered)).data.page).toEqual({ state: "invalid" });
    expect((await pressButton(tampered, "x")).status).toBe(400);
    // A receipt's delivery id, signed for this purpose, is still not a manage link.
    const receipt = await db().emailDelivery.create({
      data: {
        kind: DONATION_RECEIPT_EMAIL,
        toEmail: "forged@example.org",
        payload: { expiresAt: new Date().toISOString() },
      },
    });
    expect((await openLink(donorManageToken(receipt.id))).data.page).toEqual({ state: "invalid" });
  });

  it("expires after 30 minutes, says so, and is no longer mailed", async () => {
    const gift = await createMonthlyGift({ email: "late@example.org" });
    const { delivery, token } = await linkFor("late@example.org");
    const payload = delivery.payload as { expiresAt: string };
    const lifetime = new Date(payload.expiresAt).getTime() - delivery.createdAt.getTime();
    expect(Math.abs(lifetime - MANAGE_LINK_MINUTES * 60_000)).toBeLessThan(5_000);
    await db().emailDelivery.update({
      where: { id: delivery.id },
      data: { payload: { expiresAt: new Date(Date.now() - 1_000).toISOString() } },
    });
    expect(await openLink(token)).toEqual({ status: 410, data: { page: { state: "expired" }, minutes: 30 } });
    expect(await pressButton(token, gift.id)).toMatchObject({
      status: 410,
      data: { page: { state: "expired" } },
    });
    await expect(composeTransactionalEmail(delivery)).rejects.toBeInstanceOf(SupersededEmailError);
  });

  it("once used, says so and opens nothing", async () => {
    const gift = await createMonthlyGift({ email: "used@example.org" });
    const { delivery, token } = await linkFor("used@example.org");
    // As the button's POST leaves it once Stripe has opened the portal.
    await db().emailDelivery.update({
      where: { id: delivery.id },
      data: { payload: { ...(delivery.payload as object), usedAt: new Date().toISOString() } },
    });
    expect(await openLink(token)).toEqual({ status: 410, data: { page: { state: "used" }, minutes: 30 } });
    expect(await pressButton(token, gift.id)).toMatchObject({
      status: 410,
      data: { page: { state: "used" } },
    });
  });

  it("opens only a gift given from its own address", async () => {
    await createMonthlyGift({ email: "mine@example.org" });
    const other = await createMonthlyGift({ email: "someone-else@example.org" });
    const { token } = await linkFor("mine@example.org");
    expect(await pressButton(token, other.id)).toMatchObject({
      status: 200,
      data: { page: { state: "none" } },
    });
    expect((await openLink(token)).data.page).toMatchObject({ state: "ready" });
  });

  it("says there is nothing to manage once the gift was cancelled", async () => {
    const gift = await createMonthlyGift({ email: "cancelled-later@example.org" });
    const { token } = await linkFor("cancelled-later@example.org");
    await db().monthlyGift.update({ where: { id: gift.id }, data: { status: "canceled" } });
    expect(await openLink(token)).toEqual({ status: 200, data: { page: { state: "none" }, minutes: 30 } });
  });

  it("stays usable when Stripe cannot open the portal, and says so", async () => {
    // Stripe refuses the call (a customer it does not know); the link is given back, so the donor
    // can press again once Stripe answers.
    const gift = await createMonthlyGift({
      email: "stripe-down@example.org",
      customerId: "cus_unknown_to_stripe",
    });
    const { delivery, token } = await linkFor("stripe-down@example.org");
    const pressed = await pressButton(token, gift.id);
    expect(pressed).toMatchObject({ status: 503, data: { page: { state: "ready" }, unavailable: true } });
    const after = await db().emailDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(after.payload).not.toHaveProperty("usedAt");
    expect((await openLink(token)).data.page).toMatchObject({ state: "ready" });
  });
});
