import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { clearBlockRulesCache } from "~/models/abuse.server";
import { applyRetention } from "~/models/retention.server";
import { confirmSignature, signPetition } from "~/models/signature.server";
import { composeTransactionalEmail } from "~/models/transactional-email.server";
import { SUBSCRIBE_CONSENT_VERSION, subscribeFormToken } from "~/models/subscribe.server";
import { action as subscribeAction } from "~/routes/($lang).subscribe";
import { action as confirmAction, loader as confirmLoader } from "~/routes/($lang).subscribe_.confirm.$token";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { subscribeConfirmToken } from "~/utils/subscriber-tokens.server";
import { confirmationTokenFor, createCampaign, createCountry, signerInput } from "../factories";

const IP_HASH = "c2FtcGxlLWlwLWhhc2gtMDE";
const context = { cspNonce: "", cspWithNonce: "", ipHash: IP_HASH, clientIp: "192.0.2.10" };

// Each post gets a form token of its own (the same token posted more than 3 times is a replay).
let shownOffset = 0;
const shown = () => subscribeFormToken(Date.now() - 10_000 - shownOffset++);

// UN member states are cached for minutes once read: every country this file uses exists first.
beforeAll(async () => {
  for (const iso3 of ["KOR", "FRA", "DEU", "JPN", "USA"]) await createCountry(iso3);
});

type Fields = Record<string, string | string[]>;

function post(path: string, fields: Fields) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

type ActionResult = { data: Record<string, unknown>; init: { status?: number } | null };

// Each call comes from a network of its own unless a test says otherwise: networks are limited to
// 20 requests an hour, and this file makes more than that.
async function subscribe(fields: Fields, lang = "en", ipHash = randomBytes(16).toString("base64url")) {
  const request = post(`/${lang}/subscribe`, {
    locale: lang,
    topic: "general",
    shown: shown(),
    ...fields,
  });
  const result = (await subscribeAction({
    request,
    params: { lang },
    context: { ...context, ipHash },
  })) as unknown as ActionResult;
  return { status: result.init?.status ?? 200, data: result.data };
}

const confirmationsTo = (email: string) =>
  getPrisma().emailDelivery.findMany({
    where: { kind: "subscription-confirmation", toEmail: { equals: email, mode: "insensitive" } },
    orderBy: { createdAt: "asc" },
  });

async function confirm(deliveryId: string, lang = "en") {
  const token = subscribeConfirmToken(deliveryId);
  const request = post(`/${lang}/subscribe/confirm/${token}`, { intent: "confirm" });
  return (await confirmAction({ request, params: { lang, token }, context })) as unknown as ActionResult;
}

const subscriberOf = (email: string) =>
  getPrisma().subscriber.findUnique({
    where: { emailNormal: normalizeEmail(email) },
    include: { subscriptions: true, consentRecords: true },
  });

describe("subscribing", () => {
  it("a new address gets one confirmation email in its chosen language and is subscribed to nothing yet", async () => {
    await createCountry("KOR");
    const { status, data } = await subscribe(
      { email: "new.reader@example.org", name: "New Reader", locale: "ko", country: "KOR", source: "/ko" },
      "en",
      IP_HASH,
    );
    expect(status).toBe(200);
    expect(data).toEqual({ sent: true });

    const subscriber = await subscriberOf("new.reader@example.org");
    expect(subscriber).toMatchObject({ status: "pending", name: null, countryIso3: null, locale: "ko" });
    expect(subscriber!.subscriptions).toEqual([]);
    // The request's consent evidence: the text's version, the page it came from, the network's hash.
    expect(subscriber!.consentRecords).toHaveLength(1);
    const [granted] = subscriber!.consentRecords;
    expect(granted).toMatchObject({
      action: "granted",
      consentVersion: SUBSCRIBE_CONSENT_VERSION,
      sourcePage: "/ko",
      source: "subscribe-box",
      campaignId: null,
      locale: "ko",
    });
    expect(Buffer.from(granted!.ipHash!).toString("base64url")).toBe(IP_HASH);

    const [delivery, ...more] = await confirmationsTo("new.reader@example.org");
    expect(more).toEqual([]);
    expect(delivery!.locale).toBe("ko");
    const message = await composeTransactionalEmail(delivery!);
    expect(message.subject).toContain("구독을 확인해 주세요");
    const token = subscribeConfirmToken(delivery!.id);
    expect(message.text).toContain(`/ko/subscribe/confirm/${token}`);
    // Nobody is greeted by a name someone else may have typed.
    expect(message.html).not.toContain("New Reader");
  });

  it("answers an already subscribed address exactly as a new one, and changes nothing about it", async () => {
    const campaign = await createCampaign({ slug: "known-list" });
    await getPrisma().subscriber.create({
      data: {
        email: "known@example.org",
        emailNormal: normalizeEmail("known@example.org"),
        name: "Owner",
        locale: "en",
        status: "active",
        subscriptions: { create: { campaignId: campaign.id, status: "active", confirmedAt: new Date() } },
      },
    });
    const fresh = await subscribe({ email: "someone.new@example.org" });
    const known = await subscribe({ email: "known@example.org", name: "Mallory", locale: "ja" });
    expect(known).toEqual(fresh);
    const subscriber = await subscriberOf("known@example.org");
    expect(subscriber).toMatchObject({ name: "Owner", locale: "en", status: "active" });
    expect(subscriber!.subscriptions.map((s) => s.campaignId)).toEqual([campaign.id]);
  });

  it("sends at most one confirmation per address and topic a day, however often it is asked", async () => {
    const campaign = await createCampaign({ slug: "capped-list" });
    await subscribe({ email: "capped@example.org" });
    const again = await subscribe({ email: "capped@EXAMPLE.org" });
    expect(again).toEqual({ status: 200, data: { sent: true } });
    expect(await confirmationsTo("capped@example.org")).toHaveLength(1);

    // A topic not asked about today still gets its one email, and that email is about it alone.
    await subscribe({ email: "capped@example.org", topic: ["general", campaign.id] });
    const deliveries = await confirmationsTo("capped@example.org");
    expect(deliveries).toHaveLength(2);
    expect((deliveries[1]!.payload as { topics: string[] }).topics).toEqual([campaign.id]);
    await subscribe({ email: "capped@example.org", topic: [campaign.id] });
    expect(await confirmationsTo("capped@example.org")).toHaveLength(2);
  });

  it("sends nothing and stores nothing for posts only a script makes, and answers the same", async () => {
    await getPrisma().abuseBlock.create({ data: { kind: "email_domain", value: "blocked.example" } });
    clearBlockRulesCache();
    const answers = [
      await subscribe({ email: "honey@example.org", website: "http://spam.example" }),
      await subscribe({ email: "fast@example.org", shown: subscribeFormToken(Date.now() - 500) }),
      await subscribe({ email: "forged@example.org", shown: "1700000000000.AAAAAAAAAAAAAAAA" }),
      await subscribe({ email: "missing@example.org", shown: "" }),
      await subscribe({ email: "someone@blocked.example" }),
    ];
    for (const answer of answers) expect(answer).toEqual({ status: 200, data: { sent: true } });
    // One form token posted again and again from one network is a replay.
    const token = shown();
    for (let i = 0; i < 5; i++)
      await subscribe({ email: `replay-${i}@example.org`, shown: token }, "en", IP_HASH);
    const replayed = await getPrisma().emailDelivery.count({ where: { toEmail: { startsWith: "replay-" } } });
    expect(replayed).toBe(3);
    const others = ["honey", "fast", "forged", "missing"].map((name) => `${name}@example.org`);
    expect(
      await getPrisma().emailDelivery.count({
        where: { toEmail: { in: [...others, "someone@blocked.example"] } },
      }),
    ).toBe(0);
    expect(await getPrisma().subscriber.count({ where: { email: { in: others } } })).toBe(0);
  });

  it("answers bad input with 400, translated field errors and what was typed", async () => {
    await createCountry("JPN");
    const bad = await subscribe(
      { email: "not-an-address", name: "x".repeat(120), country: "XXX", topic: [], locale: "ja" },
      "ja",
    );
    expect(bad.status).toBe(400);
    const errors = bad.data.errors as Record<string, keyof typeof ja>;
    expect(errors).toMatchObject({
      email: "subscribe.error.emailInvalid",
      name: "subscribe.error.nameTooLong",
      topics: "subscribe.error.topicsRequired",
    });
    for (const key of Object.values(errors)) {
      expect(ja[key]).toBeTruthy();
      expect(ko[key as keyof typeof ko]).toBeTruthy();
    }
    expect(bad.data.values).toMatchObject({ email: "not-an-address", locale: "ja" });

    const unknownCountry = await subscribe({ email: "country@example.org", country: "ZZZ" });
    expect(unknownCountry.status).toBe(400);
    expect(unknownCountry.data.errors).toEqual({ country: "subscribe.error.countryInvalid" });
    const closedList = await subscribe({
      email: "closed@example.org",
      topic: (await createCampaign({ status: "closed" })).id,
    });
    expect(closedList.data.errors).toEqual({ topics: "subscribe.error.topicsInvalid" });
    const expired = await subscribe({
      email: "late@example.org",
      shown: subscribeFormToken(Date.now() - 7 * 3_600_000),
    });
    expect(expired.data.errors).toEqual({ form: "subscribe.error.formExpired" });
    expect(
      await getPrisma().emailDelivery.count({
        where: {
          kind: "subscription-confirmation",
          toEmail: { in: ["country@example.org", "closed@example.org", "late@example.org"] },
        },
      }),
    ).toBe(0);
  });
});

describe("one network", () => {
  it("gets 20 requests an hour; after that nothing is sent, and the answer is the same", async () => {
    const network = randomBytes(16).toString("base64url");
    for (let i = 0; i < 22; i++) {
      expect(await subscribe({ email: `busy-${i}@example.org` }, "en", network)).toEqual({
        status: 200,
        data: { sent: true },
      });
    }
    const mailed = await getPrisma().emailDelivery.count({ where: { toEmail: { startsWith: "busy-" } } });
    expect(mailed).toBe(20);
  });
});

describe("confirming a subscription", () => {
  it("subscribes to exactly the topics asked for, once, however often the button is pressed", async () => {
    const asked = await createCampaign({ slug: "asked-list" });
    await createCampaign({ slug: "other-list" });
    await subscribe({ email: "confirmer@example.org", topic: [asked.id], locale: "ja" });
    const [delivery] = await confirmationsTo("confirmer@example.org");
    const token = subscribeConfirmToken(delivery!.id);

    // The GET (what a mail scanner follows) shows the topics and confirms nothing.
    const shownPage = (await confirmLoader({
      request: new Request(`http://127.0.0.1/ja/subscribe/confirm/${token}`),
      params: { lang: "ja", token },
      context,
    })) as unknown as ActionResult;
    expect(shownPage.data).toEqual({
      state: "ready",
      topics: [{ value: asked.id, title: "asked-list title (ja)" }],
    });
    expect((await subscriberOf("confirmer@example.org"))!.status).toBe("pending");

    expect((await confirm(delivery!.id, "ja")).data).toMatchObject({ state: "confirmed" });
    expect((await confirm(delivery!.id, "ja")).data).toMatchObject({ state: "confirmed" });
    const subscriber = await subscriberOf("confirmer@example.org");
    expect(subscriber).toMatchObject({ status: "active", locale: "ja" });
    expect(subscriber!.subscriptions.map((s) => [s.campaignId, s.status])).toEqual([[asked.id, "active"]]);
    const confirmed = subscriber!.consentRecords.filter((c) => c.action === "confirmed");
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({ consentVersion: SUBSCRIBE_CONSENT_VERSION, campaignId: asked.id });
  });

  it("applies a name and country only from the link that is pressed", async () => {
    await createCountry("FRA");
    await createCountry("DEU");
    const campaign = await createCampaign({ slug: "rename-list", targets: ["FRA"] });
    await subscribe({ email: "victim@example.org", name: "Owner", country: "FRA" });
    // Someone who knows the address asks again, with their own name for the owner.
    await subscribe({ email: "victim@example.org", name: "Mallory", country: "DEU", topic: campaign.id });
    const [owners, attackers] = await confirmationsTo("victim@example.org");
    expect(await subscriberOf("victim@example.org")).toMatchObject({ name: null, countryIso3: null });

    await confirm(owners!.id);
    expect(await subscriberOf("victim@example.org")).toMatchObject({ name: "Owner", countryIso3: "FRA" });
    // The used link no longer holds what was typed.
    const used = await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: owners!.id } });
    expect(used.payload).not.toHaveProperty("name");
    // The other request's name stays unused until its own link is pressed by the owner.
    const after = await subscriberOf("victim@example.org");
    expect(after!.subscriptions.map((s) => s.campaignId)).toEqual([null]);
    await confirm(attackers!.id);
    expect(await subscriberOf("victim@example.org")).toMatchObject({ name: "Mallory", countryIso3: "DEU" });
  });

  it("a forged or damaged link confirms nothing", async () => {
    await subscribe({ email: "forgery@example.org" });
    const [delivery] = await confirmationsTo("forgery@example.org");
    const token = subscribeConfirmToken(delivery!.id);
    const damaged = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    const request = post(`/en/subscribe/confirm/${damaged}`, {});
    const result = (await confirmAction({
      request,
      params: { lang: "en", token: damaged },
      context,
    })) as unknown as ActionResult;
    expect(result.init?.status).toBe(400);
    expect((await subscriberOf("forgery@example.org"))!.status).toBe("pending");
  });
});

describe("one subscriber per mailbox", () => {
  async function signWithUpdates(campaignId: string, email: string) {
    await createCountry("KOR");
    await signPetition(signerInput(campaignId, 0, { email, wantsUpdates: true }));
    await confirmSignature(await confirmationTokenFor(campaignId, email));
  }

  it("signing with updates, then subscribing, leaves one subscriber on both lists", async () => {
    const campaign = await createCampaign({ slug: "sign-then-subscribe" });
    await signWithUpdates(campaign.id, "both.ways@gmail.com");
    await subscribe({ email: "Both.Ways+news@gmail.com" });
    const [delivery] = await confirmationsTo("both.ways+news@gmail.com");
    await confirm(delivery!.id);
    const subscribers = await getPrisma().subscriber.findMany({ include: { subscriptions: true } });
    const mine = subscribers.filter((s) => s.emailNormal === normalizeEmail("bothways@gmail.com"));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subscriptions.map((s) => s.campaignId).sort()).toEqual([campaign.id, null].sort());
  });

  it("subscribing, then signing with updates, leaves one subscriber on both lists", async () => {
    const campaign = await createCampaign({ slug: "subscribe-then-sign" });
    await subscribe({ email: "other.way@example.org" });
    const [delivery] = await confirmationsTo("other.way@example.org");
    await confirm(delivery!.id);
    await signWithUpdates(campaign.id, "other.way@example.org");
    const mine = await getPrisma().subscriber.findMany({
      where: { emailNormal: normalizeEmail("other.way@example.org") },
      include: { subscriptions: true },
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe("active");
    expect(mine[0]!.subscriptions.map((s) => s.campaignId).sort()).toEqual([campaign.id, null].sort());
  });
});

describe("retention", () => {
  it("deletes subscribers who never confirmed once their links are long dead, and keeps the rest", async () => {
    await subscribe({ email: "never.confirmed@example.org" });
    await subscribe({ email: "did.confirm@example.org" });
    const [delivery] = await confirmationsTo("did.confirm@example.org");
    await confirm(delivery!.id);
    const soon = await applyRetention(new Date(Date.now() + 86_400_000));
    expect(soon.pendingSubscribers).toBe(0);
    const later = await applyRetention(new Date(Date.now() + 9 * 86_400_000));
    expect(later.pendingSubscribers).toBeGreaterThanOrEqual(1);
    expect(await subscriberOf("never.confirmed@example.org")).toBeNull();
    expect((await subscriberOf("did.confirm@example.org"))!.status).toBe("active");
  });
});
