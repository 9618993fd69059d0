import { beforeAll, describe, expect, it } from "vitest";
import { composeUpdateEmail } from "~/emails/compose.server";
import { preferencesPath } from "~/models/preferences.server";
import { confirmSignature, signPetition } from "~/models/signature.server";
import { subscribeFormToken } from "~/models/subscribe.server";
import type { SubscriberExport } from "~/models/subscriber-data.server";
import { suppressAddress } from "~/models/suppression.server";
import { loader as exportLoader } from "~/routes/($lang).preferences.$token_.export[.json]";
import { action, loader } from "~/routes/($lang).preferences.$token";
import { action as subscribeAction } from "~/routes/($lang).subscribe";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { readPreferencesToken } from "~/utils/subscriber-tokens.server";
import { confirmationTokenFor, createCampaign, createCountry, signerInput } from "../factories";

const IP_HASH = "cHJlZmVyZW5jZXMtaXAtaGFzaA";
const context = { cspNonce: "", cspWithNonce: "", ipHash: IP_HASH, clientIp: "192.0.2.20" };

beforeAll(async () => {
  for (const iso3 of ["KOR", "FRA", "USA"]) await createCountry(iso3);
});

type RouteResult = { data: Record<string, unknown>; init: { status?: number } | null };

const tokenOf = (subscriberId: string) => preferencesPath(subscriberId).split("/").at(-1)!;

function request(path: string, fields?: Record<string, string | string[]>) {
  if (!fields) return new Request(`http://127.0.0.1${path}`);
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

async function page(token: string) {
  const args = { request: request(`/en/preferences/${token}`), params: { lang: "en", token }, context };
  return (await loader(args)) as unknown as RouteResult;
}

async function postTo(token: string, fields: Record<string, string | string[]>) {
  const args = {
    request: request(`/en/preferences/${token}`, fields),
    params: { lang: "en", token },
    context,
  };
  return (await action(args)) as unknown as RouteResult;
}

async function statusOfThrown(promise: Promise<unknown>): Promise<number> {
  try {
    const result = (await promise) as Partial<RouteResult> | Response;
    return result instanceof Response ? result.status : (result.init?.status ?? 200);
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : -1;
  }
}

/** An active subscriber on the general list and a campaign's list. */
async function subscriberOnTwoLists(email: string) {
  const campaign = await createCampaign({ slug: `list-${email.split("@")[0]!.replaceAll(".", "-")}` });
  const subscriber = await getPrisma().subscriber.create({
    data: {
      email,
      emailNormal: normalizeEmail(email),
      name: "Park Ji-woo",
      countryIso3: "KOR",
      locale: "en",
      status: "active",
      subscriptions: {
        create: [
          { campaignId: null, status: "active", confirmedAt: new Date() },
          { campaignId: campaign.id, status: "active", confirmedAt: new Date() },
        ],
      },
      consentRecords: {
        create: {
          action: "confirmed",
          consentVersion: "subscribe-2026-11",
          source: "subscribe-confirmation",
          sourcePage: "/en/subscribe",
          ipHash: Uint8Array.from(Buffer.from(IP_HASH, "base64url")),
          locale: "en",
        },
      },
    },
  });
  return { subscriber, campaign, token: tokenOf(subscriber.id) };
}

describe("the preferences link", () => {
  it("is bound to one subscriber and one purpose; anything forged is a 404", async () => {
    const { subscriber, token } = await subscriberOnTwoLists("token.owner@example.org");
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(readPreferencesToken(token)).toBe(subscriber.id);
    const flipped = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    for (const bad of [flipped, token.slice(0, 43), "nonsense"]) {
      expect(await statusOfThrown(page(bad))).toBe(404);
      expect(await statusOfThrown(postTo(bad, { intent: "unsubscribe-all" }))).toBe(404);
      const exported = exportLoader({ request: request("/x"), params: { lang: "en", token: bad }, context });
      expect(await statusOfThrown(exported)).toBe(404);
    }
    expect((await page(token)).data).toMatchObject({ erased: false, email: "token.owner@example.org" });
  });

  it("is in the footer of every update email", async () => {
    const { subscriber } = await subscriberOnTwoLists("footer@example.org");
    const subscription = await getPrisma().subscription.findFirstOrThrow({
      where: { subscriberId: subscriber.id },
    });
    const message = await composeUpdateEmail(
      {
        campaignSlug: "footer-list",
        campaignTitle: () => "Footer list",
        localeFor: (locale) => locale,
        text: () => ({ subject: "News", bodyHtml: "<p>Body.</p>", preview: "Body." }),
        vote: () => null,
        groupOf: (locale) => locale,
      },
      {
        toEmail: subscriber.email,
        locale: "ko",
        subscriptionId: subscription.id,
        subscriberId: subscriber.id,
      },
    );
    expect(message.html).toContain(`/ko${preferencesPath(subscriber.id)}`);
    expect(message.text).toContain(`/ko${preferencesPath(subscriber.id)}`);
    expect(message.html).toContain("구독 설정 관리");
  });
});

describe("changing preferences", () => {
  it("changes the language", async () => {
    const { subscriber, token } = await subscriberOnTwoLists("language@example.org");
    expect((await postTo(token, { intent: "language", locale: "ja" })).data).toEqual({
      notice: "languageSaved",
      error: null,
    });
    expect((await getPrisma().subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).locale).toBe(
      "ja",
    );
    const bad = await postTo(token, { intent: "language", locale: "xx" });
    expect(bad.init?.status).toBe(400);
    expect(bad.data).toEqual({ notice: null, error: "preferences.error.invalid" });
  });

  it("sets the lists exactly as ticked, with a consent record for each change", async () => {
    const { subscriber, campaign, token } = await subscriberOnTwoLists("topics@example.org");
    const other = await createCampaign({ slug: "topics-other" });
    await postTo(token, { intent: "topics", topic: [campaign.id, other.id] });
    const subscriptions = await getPrisma().subscription.findMany({ where: { subscriberId: subscriber.id } });
    const statusOf = (campaignId: string | null) =>
      subscriptions.find((s) => s.campaignId === campaignId)?.status;
    expect(statusOf(null)).toBe("unsubscribed");
    expect(statusOf(campaign.id)).toBe("active");
    expect(statusOf(other.id)).toBe("active");
    const consents = await getPrisma().consentRecord.findMany({
      where: { subscriberId: subscriber.id, source: "preferences-page" },
    });
    expect(consents.map((c) => [c.action, c.campaignId]).sort()).toEqual(
      [
        ["confirmed", other.id],
        ["withdrawn", null],
      ].sort(),
    );
    const shown = (await page(token)).data.topics as { value: string; subscribed: boolean }[];
    expect(
      shown
        .filter((t) => t.subscribed)
        .map((t) => t.value)
        .sort(),
    ).toEqual([campaign.id, other.id].sort());
  });

  it("unsubscribes from everything at once", async () => {
    const { subscriber, token } = await subscriberOnTwoLists("leaver@example.org");
    await postTo(token, { intent: "unsubscribe-all" });
    await postTo(token, { intent: "unsubscribe-all" });
    const after = await getPrisma().subscriber.findUniqueOrThrow({
      where: { id: subscriber.id },
      include: { subscriptions: true },
    });
    expect(after.status).toBe("unsubscribed");
    expect(after.subscriptions.map((s) => s.status)).toEqual(["unsubscribed", "unsubscribed"]);
    const withdrawn = await getPrisma().consentRecord.count({
      where: { subscriberId: subscriber.id, action: "withdrawn" },
    });
    expect(withdrawn).toBe(2);
  });
});

async function signedWithUpdates(campaignId: string, email: string, name: string) {
  await signPetition(signerInput(campaignId, 0, { email, name, wantsUpdates: true }));
  await confirmSignature(await confirmationTokenFor(campaignId, email));
}

describe("what we hold about me", () => {
  it("holds their subscriptions, consents, signatures under the same mailbox and emails, and nobody else's", async () => {
    const { token, campaign } = await subscriberOnTwoLists("ji.woo.park@gmail.com");
    // The same Gmail mailbox, typed another way, signed; so did somebody else.
    await signedWithUpdates(campaign.id, "JiWoo.Park+petitions@gmail.com", "Park Ji-woo");
    await signedWithUpdates(campaign.id, "someone.else@example.org", "Someone Else");
    const response = (await exportLoader({
      request: request(`/en/preferences/${token}/export.json`),
      params: { lang: "en", token },
      context,
    })) as Response;
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text) as SubscriberExport;
    expect(data.subscriber).toMatchObject({
      email: "ji.woo.park@gmail.com",
      name: "Park Ji-woo",
      country: "KOR",
    });
    expect(data.subscriptions.map((s) => s.list).sort()).toEqual([`campaign:${campaign.slug}`, "general"]);
    expect(data.consents[0]).toMatchObject({ action: "confirmed", networkFingerprintKept: true });
    expect(data.signatures).toHaveLength(1);
    expect(data.signatures[0]).toMatchObject({
      campaign: campaign.slug,
      status: "confirmed",
      name: "Park Ji-woo",
    });
    expect(data.emails.map((e) => e.to)).toContain("JiWoo.Park+petitions@gmail.com");
    expect(text).not.toContain("someone.else@example.org");
    expect(text).not.toContain("Someone Else");
    // No secret of ours: not the IP hash itself, nor any token.
    expect(text).not.toContain(IP_HASH);
    expect(text).not.toContain(token);
  });
});

describe("erasing me", () => {
  it("asks first, then removes the mailbox's personal data everywhere and keeps only a keyed hash", async () => {
    const { subscriber, token, campaign } = await subscriberOnTwoLists("erase.me@example.org");
    await signedWithUpdates(campaign.id, "erase.me@example.org", "Erase Me");
    await suppressAddress("erase.me@example.org", "hard_bounce");

    expect((await postTo(token, { intent: "erase" })).data).toEqual({ notice: "confirmErase", error: null });
    expect((await getPrisma().subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).email).toBe(
      "erase.me@example.org",
    );
    expect((await postTo(token, { intent: "erase-confirmed" })).data).toEqual({
      notice: "erased",
      error: null,
    });

    const after = await getPrisma().subscriber.findUniqueOrThrow({
      where: { id: subscriber.id },
      include: { subscriptions: true, consentRecords: true },
    });
    expect(after).toMatchObject({ email: "", name: null, countryIso3: null, status: "unsubscribed" });
    expect(after.emailNormal).toMatch(/^erased:[A-Za-z0-9_-]{32}$/);
    expect(after.subscriptions.every((s) => s.status === "unsubscribed")).toBe(true);
    expect(after.consentRecords.every((c) => c.ipHash === null)).toBe(true);
    const signature = await getPrisma().signature.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(signature).toMatchObject({
      name: null,
      email: null,
      displayChoice: "anonymous",
      status: "confirmed",
    });
    expect(await getPrisma().signatureSubmission.count({ where: { signatureId: signature.id } })).toBe(0);
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: "erase.me@example.org" } })).toBe(0);
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: "" } })).toBeGreaterThan(0);
    expect(await getPrisma().emailSuppression.count({ where: { email: "erase.me@example.org" } })).toBe(0);
    // The link now leads only to "erased", as a 404, and changes nothing more.
    expect(await statusOfThrown(page(token))).toBe(404);
    expect((await page(token)).data).toEqual({ erased: true });
    expect(await statusOfThrown(postTo(token, { intent: "topics", topic: "general" }))).toBe(404);

    // Subscribing the address again: the same answer, and nobody is added or mailed.
    const form = request("/en/subscribe", {
      email: "erase.me@example.org",
      locale: "en",
      topic: "general",
      shown: subscribeFormToken(Date.now() - 10_000),
    });
    const answer = (await subscribeAction({
      request: form,
      params: { lang: "en" },
      context,
    })) as unknown as RouteResult;
    expect(answer.data).toEqual({ sent: true });
    // Signing again with "send me updates" confirms the signature and adds no subscriber.
    const again = await createCampaign({ slug: "after-erasure" });
    await signedWithUpdates(again.id, "erase.me@example.org", "Erase Me");
    expect(
      await getPrisma().emailDelivery.count({
        where: { kind: "subscription-confirmation", toEmail: "erase.me@example.org" },
      }),
    ).toBe(0);
    expect(await getPrisma().subscriber.count({ where: { email: "erase.me@example.org" } })).toBe(0);
  });
});
