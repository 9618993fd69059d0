import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { seriousAccessibilityViolations, useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser();

// The campaign page's weight on a cheap phone: sizes, not timings, so they are checked here. It
// ships no framework, only the sign form's script (docs/decisions/0016); the proof-of-work solver
// comes only when a challenge is on, which it is not here.
const JS_BUDGET = 15 * 1024;
const TOTAL_BUDGET = 100 * 1024;

describe("the campaign page", () => {
  it.each(["en", "ko", "ja"])("stays within its size budget and passes axe in %s", async (locale) => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const urls = new Set<string>();
    page.on("request", (request) => urls.add(request.url()));
    await page.goto(`${e2e.app.baseUrl}/${locale}/campaigns/unsc-annual-open-meeting-dprk`, {
      waitUntil: "networkidle",
    });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();

    let js = 0;
    let total = 0;
    for (const url of urls) {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      const gzipped = gzipSync(body).length; // what the server's compression sends
      total += gzipped;
      if (url.endsWith(".js")) js += gzipped;
    }
    console.log(
      `[budget] ${locale}: ${urls.size} requests, JS ${(js / 1024).toFixed(1)} KB (${JS_BUDGET - js} bytes to spare), total ${(total / 1024).toFixed(1)} KB gzip`,
    );
    expect(js).toBeLessThanOrEqual(JS_BUDGET);
    expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it("works with JavaScript off: the form posts and the signer reaches the check-your-inbox page", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/unsc-annual-open-meeting-dprk`);
    expect(await page.locator("form.sign-form").count()).toBe(1);
    expect(await page.locator("progress").count()).toBe(1);
    await context.close();
  });
});
