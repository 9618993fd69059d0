import type { BrowserContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

const CATALOGUES = { en, ko, ja } as const;

let context: BrowserContext;

beforeAll(async () => {
  context = await e2e.browser.newContext();
});

describe("a visitor browsing the campaigns", () => {
  it.each(["en", "ko", "ja"] as const)(
    "reads the home page in %s: translated, accessible, and loading nothing from another origin",
    async (locale) => {
      const page = await context.newPage();
      const watch = watchPage(page, e2e.app.baseUrl);
      const response = await page.goto(`${e2e.app.baseUrl}/${locale}`, { waitUntil: "networkidle" });

      expect(response?.status()).toBe(200);
      expect(await page.getAttribute("html", "lang")).toBe(locale);
      expect(await page.textContent("h1")).toBe(CATALOGUES[locale]["home.title"]);
      expect(await page.locator(".campaign-card").count()).toBe(3);
      expect(await page.textContent("footer")).toContain(CATALOGUES[locale]["footer.privacy"]);
      const alternates = await page.$$eval("link[rel=alternate]", (links) =>
        links.map(
          (link) => `${link.getAttribute("hreflang")} ${new URL(link.getAttribute("href")!).pathname}`,
        ),
      );
      expect(alternates).toEqual(["en /en", "ko /ko", "ja /ja", "x-default /"]);

      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.consoleProblems).toEqual([]);
      await page.close();
    },
  );

  it("gets the home page in the browser's language when the URL has no prefix", async () => {
    const koreanContext = await e2e.browser.newContext({ locale: "ko-KR" });
    const page = await koreanContext.newPage();
    await page.goto(e2e.app.baseUrl + "/");
    expect(await page.getAttribute("html", "lang")).toBe("ko");
    expect(await page.textContent("h1")).toBe(ko["home.title"]);
    await koreanContext.close();
  });

  it("switches language from the header and stays on the same page", async () => {
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/unsc-annual-open-meeting-dprk`, {
      waitUntil: "networkidle",
    });
    await page
      .getByRole("navigation", { name: en["nav.languageLabel"] })
      .getByRole("link", { name: "日本語" })
      .click();
    await page.waitForURL(`${e2e.app.baseUrl}/ja/campaigns/unsc-annual-open-meeting-dprk`);
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("ja");
    expect(await page.textContent("h2#petition-heading")).toBe(ja["campaign.petitionHeading"]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(watch.consoleProblems).toEqual([]);
    await page.close();
  });

  it("reads a campaign with JavaScript turned off", async () => {
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${e2e.app.baseUrl}/ko`);
    await page.locator(".campaign-card h2 a").first().click();
    await page.waitForURL(/\/ko\/campaigns\//);
    expect(await page.textContent("h2#petition-heading")).toBe(ko["campaign.petitionHeading"]);
    const targets = await page.locator(".targets__item").count();
    expect(targets).toBeGreaterThan(0);
    // Each government addressed shows its flag, drawn from our own origin.
    const flags = await page
      .locator(".targets__item img.flag")
      .evaluateAll((images) =>
        images.map((image) => [
          new URL((image as HTMLImageElement).src).pathname,
          (image as HTMLImageElement).naturalWidth,
        ]),
      );
    expect(flags).toHaveLength(targets);
    for (const [path, width] of flags) {
      expect(path).toMatch(/^\/flags\/[a-z]{2}\.svg$/);
      expect(width).toBeGreaterThan(0);
    }
    await noScript.close();
  });

  it("shares a campaign with a link preview in the reader's language (Open Graph and Twitter tags)", async () => {
    const html = await (await fetch(`${e2e.app.baseUrl}/ko/campaigns/stop-forced-repatriation`)).text();
    const tag = (property: string) =>
      new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`).exec(html)?.[1];
    expect(tag("og:title")).toMatch(/강제북송/);
    expect(tag("og:locale")).toBe("ko_KR");
    expect(tag("og:url")).toBe(`${e2e.app.baseUrl}/ko/campaigns/stop-forced-repatriation`);
    expect(tag("twitter:card")).toBe("summary_large_image");
    // The share image is drawn by the server, in the reader's language, and others may show it.
    expect(tag("og:image")).toBe(`${e2e.app.baseUrl}/ko/campaigns/stop-forced-repatriation/share.png`);
    const image = await fetch(tag("og:image")!);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(tag("description")).toBe(tag("og:description"));
    expect(tag("og:description")?.length).toBeGreaterThan(20);
  });

  it("gets a translated 404 page, with the site's header and footer and no error details", async () => {
    const page = await context.newPage();
    for (const [path, locale] of [
      ["/ja/no-such-page", "ja"],
      ["/xx/campaigns/a", "en"],
      ["/campaigns/missing", "en"],
    ] as const) {
      const response = await page.goto(e2e.app.baseUrl + path);
      expect(response?.status()).toBe(404);
      expect(await page.textContent("h1")).toBe(CATALOGUES[locale]["error.notFound.title"]);
      expect(await page.locator("header nav").count()).toBe(1);
      expect(await page.content()).not.toMatch(/at \w+ \(|Error:|stack/i);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
