import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { listOutboxMessages } from "~/models/outbox.server";
import { preferencesPath } from "~/models/preferences.server";
import { startUpdateSend } from "~/models/update-send.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { createCampaign } from "../factories";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

// The form quietly drops posts made faster than a person could fill it in.
const HUMAN_PAUSE_MS = 3_200;

type OutboxEntry = Awaited<ReturnType<typeof listOutboxMessages>>[number];

async function emailsTo(address: string): Promise<OutboxEntry[]> {
  return (await listOutboxMessages()).filter((m) => m.to.includes(address));
}

async function waitForEmail(address: string, subject: RegExp): Promise<OutboxEntry> {
  let found: OutboxEntry | undefined;
  await expect
    .poll(
      async () => {
        found = (await emailsTo(address)).find((m) => subject.test(m.subject));
        return found !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

const subscriberOf = (email: string) =>
  getPrisma().subscriber.findUnique({
    where: { emailNormal: normalizeEmail(email) },
    include: { subscriptions: true },
  });

describe("a reader subscribing to updates", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`subscribes, confirms from the email, gets an update, manages preferences and leaves in one click (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const slug = `e2e-list-${javaScriptEnabled ? "js" : "nojs"}`;
      const campaign = await createCampaign({ slug, targets: ["FRA"] });
      const email = `reader-${javaScriptEnabled ? "js" : "nojs"}@example.org`;
      const context = await e2e.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const watch = watchPage(page, e2e.app.baseUrl);

      await page.goto(`${e2e.app.baseUrl}/en/subscribe`);
      const opened = Date.now();
      expect(await page.textContent("h1")).toBe(en["subscribe.title"]);
      // axe runs inside the page, so only where JavaScript is on.
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByLabel(en["subscribe.email"]).fill(email);
      await page.getByLabel(en["subscribe.name"]).fill("Lee Seo-yeon");
      await page.getByLabel(en["subscribe.language"]).selectOption("ko");
      await page.getByLabel(`${slug} title (en)`).check();
      const wait = HUMAN_PAUSE_MS - (Date.now() - opened);
      if (wait > 0) await page.waitForTimeout(wait);
      await page.getByRole("button", { name: en["subscribe.submit"] }).click();
      await expect.poll(() => page.textContent("h1")).toBe(en["subscribe.checkTitle"]);
      expect((await subscriberOf(email))!.status).toBe("pending");

      // The confirmation comes in the language chosen, with a link to a page with a button.
      const confirmation = await waitForEmail(email, /구독을 확인해 주세요/);
      const link = /http:\/\/127\.0\.0\.1:\d+\/ko\/subscribe\/confirm\/[A-Za-z0-9_-]{44}/.exec(
        confirmation.text,
      )?.[0];
      expect(link, "confirmation link in the email").toBeDefined();
      await page.goto(link!);
      expect(await page.textContent("h1")).toBe(ko["subscribe.confirmTitle"]);
      expect((await subscriberOf(email))!.status).toBe("pending");
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole("button", { name: ko["subscribe.confirmButton"] }).click();
      await expect.poll(() => page.textContent("h1")).toBe(ko["subscribe.doneTitle"]);
      const subscriber = await subscriberOf(email);
      expect(subscriber).toMatchObject({ status: "active", locale: "ko", name: "Lee Seo-yeon" });
      expect(subscriber!.subscriptions.map((s) => s.campaignId).sort()).toEqual([campaign.id, null].sort());

      // Staff send an update about the campaign (the fan-out the worker in the app runs).
      const update = await getPrisma().update.create({
        data: {
          campaignId: campaign.id,
          translations: {
            create: (["en", "ko", "ja"] as const).map((locale) => ({
              locale,
              subject: `${slug} vote result (${locale})`,
              body: `What happened (${locale}).`,
            })),
          },
        },
      });
      expect(await startUpdateSend(update.id)).toBe(true);
      const sent = await waitForEmail(email, new RegExp(`${slug} vote result \\(ko\\)`));
      expect(await emailsTo(email)).toHaveLength(2);

      // The footer links to their preferences page.
      const preferences = /http:\/\/127\.0\.0\.1:\d+\/ko\/preferences\/[A-Za-z0-9_-]{44}/.exec(
        sent.text,
      )?.[0];
      expect(preferences, "preferences link in the update").toBeDefined();
      await page.goto(preferences!);
      expect(await page.textContent("h1")).toBe(ko["preferences.title"]);
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByLabel(ko["preferences.language"]).selectOption("ja");
      await page.getByRole("button", { name: ko["preferences.saveLanguage"] }).click();
      await expect.poll(() => page.textContent("[role=status]")).toBe(ko["preferences.notice.languageSaved"]);
      expect((await subscriberOf(email))!.locale).toBe("ja");

      // Their mail client's one-click unsubscribe (RFC 8058), from the update's own header.
      const header = (sent.headers as Record<string, string>)["List-Unsubscribe"];
      const unsubscribe = /<([^>]+)>/.exec(header ?? "")?.[1];
      expect(unsubscribe).toBeDefined();
      const response = await fetch(unsubscribe!.replace(/^http:\/\/127\.0\.0\.1:\d+/, e2e.app.baseUrl), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(response.status).toBe(200);
      const after = await subscriberOf(email);
      expect(after!.subscriptions.find((s) => s.campaignId === campaign.id)!.status).toBe("unsubscribed");
      expect(after!.subscriptions.find((s) => s.campaignId === null)!.status).toBe("active");

      expect(watch.foreignRequests).toEqual([]);
      expect(watch.consoleProblems).toEqual([]);
      await context.close();
    });
  }

  it("is shown the same cacheable page as every reader, and its answer is never cached", async () => {
    const pageFor = async (acceptLanguage: string) =>
      fetch(`${e2e.app.baseUrl}/ja/subscribe`, { headers: { "accept-language": acceptLanguage } });
    const [first, second] = await Promise.all([pageFor("ko"), pageFor("en")]);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/public/);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const html = await first.text();
    expect(await second.text()).toBe(html);
    // No framework JavaScript: the form is a plain form.
    expect(html).not.toMatch(/<script/);
    const answer = await fetch(`${e2e.app.baseUrl}/ja/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=not-an-address&locale=ja&topic=general",
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.text()).toContain(ja["subscribe.error.emailInvalid"]);
  });

  it("finds the compact box on the home and campaign pages, and it posts to the subscribe page", async () => {
    await createCampaign({ slug: "box-campaign" });
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ["/ko", "/ko/campaigns/box-campaign"]) {
      await page.goto(`${e2e.app.baseUrl}${path}`);
      expect(await page.textContent("#subscribe-box-heading")).toBe(ko["subscribe.boxHeading"]);
    }
    // The campaign page's sign form asks for an address too: the box is the form around this field.
    const box = page.locator("form", { has: page.locator("#subscribe-box-email") });
    await box.getByLabel(ko["subscribe.boxEmail"]).fill("box.reader@example.org");
    await page.waitForTimeout(HUMAN_PAUSE_MS);
    await box.getByRole("button", { name: ko["subscribe.submit"] }).click();
    await expect.poll(() => page.textContent("h1")).toBe(ko["subscribe.checkTitle"]);
    await waitForEmail("box.reader@example.org", /구독을 확인해 주세요/);
    const consent = await getPrisma().consentRecord.findFirstOrThrow({
      where: { subscriber: { emailNormal: normalizeEmail("box.reader@example.org") } },
    });
    expect(consent).toMatchObject({ source: "subscribe-box", sourcePage: "/ko/campaigns/box-campaign" });
    await context.close();
  });

  it("downloads what is held about them, then erases it after a confirmation step", async () => {
    const email = "erase.e2e@example.org";
    const subscriber = await getPrisma().subscriber.create({
      data: {
        email,
        emailNormal: normalizeEmail(email),
        name: "Choi Min-seo",
        locale: "ja",
        status: "active",
        subscriptions: { create: { campaignId: null, status: "active", confirmedAt: new Date() } },
      },
    });
    const url = `${e2e.app.baseUrl}/ja${preferencesPath(subscriber.id)}`;
    const exported = await fetch(`${url}/export.json`);
    expect(exported.headers.get("content-disposition")).toMatch(/attachment/);
    expect(((await exported.json()) as { subscriber: { name: string } }).subscriber.name).toBe(
      "Choi Min-seo",
    );

    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    expect(await page.textContent("h1")).toBe(ja["preferences.title"]);
    await page.getByRole("button", { name: ja["preferences.erase"] }).click();
    await expect.poll(() => page.textContent("h1")).toBe(ja["preferences.eraseTitle"]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect((await getPrisma().subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).email).toBe(
      email,
    );
    await page.getByRole("button", { name: ja["preferences.eraseConfirm"] }).click();
    await expect.poll(() => page.textContent("h1")).toBe(ja["preferences.erasedTitle"]);
    const erased = await getPrisma().subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
    expect(erased).toMatchObject({ email: "", name: null, status: "unsubscribed" });
    expect((await fetch(url)).status).toBe(404);
    await context.close();
  });
});
