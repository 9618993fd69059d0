// A public page is the same bytes for every reader (docs/decisions/0016): nothing in it depends on
// who asks, so it can be cached and compressed once, by us or by any CDN. With no nonce, what
// keeps an injected script from running is the policy alone: scripts only from this origin.
import { describe, expect, it } from "vitest";
import { useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser();
const PAGE = "/ko/campaigns/unsc-annual-open-meeting-dprk";

/** The page as one reader gets it: their own address, browser and language, no compression. */
async function asReader(path: string, reader: number) {
  const response = await fetch(e2e.app.baseUrl + path, {
    headers: {
      "accept-encoding": "identity",
      "accept-language": reader % 2 ? "ja,en;q=0.5" : "en-GB,ko;q=0.7",
      "user-agent": `reader-${reader}`,
      "x-forwarded-for": `203.0.113.${reader}`,
    },
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("readers of a public page", () => {
  it("get byte-identical pages, whoever and wherever they are", async () => {
    const [first, second] = await Promise.all([asReader(PAGE, 1), asReader(PAGE, 2)]);
    expect(first.status).toBe(200);
    expect(first.body.length).toBeGreaterThan(10_000);
    expect(second.body).toBe(first.body);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(first.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=2");
    // Revalidation: an unchanged page is a 304 with no body.
    const again = await fetch(e2e.app.baseUrl + PAGE, {
      headers: { "if-none-match": first.headers.get("etag")! },
    });
    expect([200, 304]).toContain(again.status);
    if (again.status === 304) expect(await again.text()).toBe("");
  });

  it("are rendered without anything of the reader's: two fresh renders differ only in the form's time", async () => {
    // A query string bypasses the cache, so each of these is rendered anew for its own reader.
    const [first, second] = await Promise.all([asReader(`${PAGE}?fresh`, 3), asReader(`${PAGE}?fresh`, 4)]);
    const token = /name="shown" value="([^"]+)"/;
    expect(first.body).toMatch(token);
    // The sign form and the subscribe box each carry one.
    const withoutToken = (body: string) =>
      body.replace(new RegExp(token.source, "g"), 'name="shown" value=""');
    expect(withoutToken(second.body)).toBe(withoutToken(first.body));
    expect(first.body).not.toMatch(/nonce/);
  });

  it("run no script injected into the page: only this origin's files may run", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    // What a stored cross-site script would look like: markup that reached the page, with the
    // page's own headers (and so its policy).
    await page.route(e2e.app.baseUrl + PAGE, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        "</main>",
        '<script>window.injected = true</script><img src=x onerror="window.injected = true"></main>',
      );
      await route.fulfill({ response, body });
    });
    await page.goto(e2e.app.baseUrl + PAGE);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    expect(violations.length).toBeGreaterThanOrEqual(2);
    // The page's own script still loads and runs: once the form is focused it asks whether signing
    // needs a proof of work.
    const asked = page.waitForRequest(/\/api\/campaigns\/[^/]+\/challenge/);
    await page.getByRole("textbox").first().focus();
    await asked;
    await context.close();
  });
});
