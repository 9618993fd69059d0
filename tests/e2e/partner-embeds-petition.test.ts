import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import { useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

const SLUG = "abductees-and-detainees";

let partner: http.Server;
let partnerUrl: string;

beforeAll(async () => {
  // A partner's site on another origin (another port on this machine) framing our pages.
  partner = http.createServer((req, res) => {
    const src = req.url === "/full" ? `/en/campaigns/${SLUG}` : `/en/embed/campaigns/${SLUG}`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><title>Partner</title><iframe id="petition" src="${e2e.app.baseUrl}${src}" width="420" height="900"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
  partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => partner?.close(resolve));
});

describe("a partner site embedding a petition", () => {
  it("shows the compact form and counter in an iframe, and a supporter can sign in it", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    await page.goto(partnerUrl + "/");
    const frame = page.frameLocator("#petition");
    await expect.poll(() => frame.locator("h1").textContent()).toMatch(/abductees/i);
    expect(await frame.locator("header").count()).toBe(0);
    await frame.getByLabel(en["sign.name"]).fill("Embed Supporter");
    await frame.getByLabel(en["sign.email"]).fill("embedded@example.org");
    await frame.getByLabel(en["sign.country"]).selectOption("DEU");
    await page.waitForTimeout(3_200);
    await frame.getByRole("button", { name: en["sign.submit"] }).click();
    await expect.poll(() => frame.locator("[role=status] h2").textContent()).toBe(en["embed.signedTitle"]);
    // Only the partner page itself comes from elsewhere; the frame loads nothing from other origins.
    expect(watch.foreignRequests.filter((url) => !url.startsWith(partnerUrl))).toEqual([]);
    await context.close();
  });

  it("cannot frame the full campaign page: only the embed route may be framed", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(partnerUrl + "/full");
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    // The browser refuses to render it (frame-ancestors 'none', X-Frame-Options: DENY) and shows
    // its own error page in the frame instead.
    expect(frame!.url()).toMatch(/^chrome-error:/);
    expect(await frame!.content()).not.toMatch(/abductees/i);
    await context.close();
  });
});
