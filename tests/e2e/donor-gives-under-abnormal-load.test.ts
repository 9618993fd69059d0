// Card testing: when the donate form is under abnormal load, Chromium solves the proof of work in
// the background while the donor types and the gift goes on to the (simulated) checkout; without
// JavaScript the donor is asked to enable it or come back later, and nothing is recorded.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import { donateKeys, DONATE_CHALLENGE } from "~/models/donation.server";
import { getPrisma } from "~/utils/db.server";
import { useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser({ env: { STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" } });

// The donate form quietly refuses posts made faster than a person could fill it in (3 s).
const HUMAN_PAUSE_MS = 3_200;

beforeAll(async () => {
  // The general page's challenge alarm, as the try that took it past DONATE_CHALLENGE.perCampaign
  // in 10 minutes raises it: on for the whole file, whatever the clock's window.
  const ends = new Date(Date.now() + DONATE_CHALLENGE.campaignAlarmSeconds * 1000);
  await getPrisma().rateLimitCounter.create({
    data: { key: donateKeys(null, "").alarm, windowStart: ends, count: 1 },
  });
});

async function fillAndSend(page: Page, email: string) {
  await page.goto(`${e2e.app.baseUrl}/en/donate`, { waitUntil: "networkidle" });
  const opened = Date.now();
  await page.getByLabel(en["donate.amountCustom"], { exact: true }).check();
  await page.getByLabel(en["donate.customAmount"], { exact: true }).fill("25");
  await page.getByLabel(en["donate.email"], { exact: true }).fill(email);
  const wait = HUMAN_PAUSE_MS - (Date.now() - opened);
  if (wait > 0) await page.waitForTimeout(wait);
  await page.getByRole("button", { name: en["donate.submit"] }).click();
}

describe("the donate form under abnormal load", () => {
  it("with JavaScript: the browser solves the challenge while the donor types, and the gift goes on", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/donate/challenge")) asked.push(request.url());
    });
    await fillAndSend(page, "solver@example.org");
    await page.waitForURL(/\/dev\/checkout\/cs_\w+$/);
    expect(asked).toHaveLength(1);
    expect(new URL(asked[0]!).searchParams.get("locale")).toBe("en");
    expect(await getPrisma().donation.count({ where: { email: "solver@example.org" } })).toBe(1);
    await context.close();
  });

  it("without JavaScript: asked to enable it or try again later, with what was typed, and nothing recorded", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await fillAndSend(page, "nojs@example.org");
    await expect.poll(() => page.textContent("[role=alert]")).toBe(en["donate.error.challenge"]);
    expect(new URL(page.url()).pathname).toBe("/en/donate");
    expect(await page.getByLabel(en["donate.email"], { exact: true }).inputValue()).toBe("nojs@example.org");
    expect(await getPrisma().donation.count({ where: { email: "nojs@example.org" } })).toBe(0);
    await context.close();
  });
});
