// The built app while PostgreSQL cannot be reached at all: every request gets a 503 ("try again"),
// pages and the sign form in the reader's language, never a 500 or a stack trace, and the process
// keeps running. (Recovering once the database is back: database-restart.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { freePort } from "../support/ports";
import { stopNodeProcess } from "../support/processes";

let app: BuiltApp;

beforeAll(async () => {
  // Nothing listens on this port: every connection is refused, as while PostgreSQL restarts. The
  // worker runs elsewhere (WORKER_MODE=off): an in-process one needs the database to start.
  const deadPort = await freePort();
  app = await startBuiltApp({
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/rollcall`,
    WORKER_MODE: "off",
  });
});

afterAll(async () => {
  if (app) await stopNodeProcess(app.proc, 10_000);
});

function expectNoStackTrace(body: string) {
  expect(body).not.toMatch(/\n\s+at |ECONNREFUSED|Prisma|Unexpected Server Error/);
}

describe("the app while the database is unreachable", () => {
  it("answers a page with 503 and a translated 'try again', not a 500", async () => {
    for (const [path, catalogue] of [
      ["/ko/campaigns/any-campaign", ko],
      ["/en", en],
    ] as const) {
      const response = await fetch(`${app.baseUrl}${path}`);
      const body = await response.text();
      expect([path, response.status]).toEqual([path, 503]);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(body).toContain(catalogue["error.unavailable.title"]);
      expect(body).toContain(catalogue["error.unavailable.body"]);
      expectNoStackTrace(body);
    }
  });

  it("answers the JSON count and a client-side navigation with 503", async () => {
    const count = await fetch(`${app.baseUrl}/api/campaigns/any-campaign`);
    expect(count.status).toBe(503);
    expectNoStackTrace(await count.text());
    const navigation = await fetch(`${app.baseUrl}/en/campaigns/any-campaign.data`);
    expect(navigation.status).toBe(503);
  });

  it("says 'try again' to a signer itself (the fast path), in the page's language", async () => {
    const logBefore = app.proc.output().length;
    const response = await fetch(`${app.baseUrl}/ja/campaigns/any-campaign`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Yamada Taro",
        email: "taro@example.jp",
        country: "JPN",
        display: "initials",
      }).toString(),
    });
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(body).toContain('<html lang="ja">');
    expect(body).toContain(ja["sign.failed.title"]);
    expect(body).toContain('href="/ja/campaigns/any-campaign"');
    expectNoStackTrace(body);
    // Answered by the fast path alone: Remix never ran the signature a second time.
    const log = app.proc.output().slice(logBefore);
    expect(log).toContain("sign fast path: database unavailable");
    expect(log).not.toContain('"route":"routes/($lang).campaigns.$slug"');
  });

  it("reports not ready, stays alive, and logs no error for any of it", async () => {
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect(app.proc.running()).toBe(true);
    expect(app.proc.output()).not.toContain('"level":"error"');
  });
});
