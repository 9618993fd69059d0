import { describe, expect, it } from "vitest";
import { useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser({ browser: false });

describe("an operator monitoring the app", () => {
  it("sees /healthz and /readyz answer JSON", async () => {
    const health = await fetch(`${e2e.app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const ready = await fetch(`${e2e.app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await ready.json()).toMatchObject({ ok: true, database: { ok: true } });
  });

  it("gets the security headers on pages, data, assets and errors alike", async () => {
    const page = await fetch(`${e2e.app.baseUrl}/ko/campaigns/unsc-annual-open-meeting-dprk`);
    const html = await page.text();
    const script = html.match(/\/client\/[^"]+\.js/)?.[0];
    expect(script).toBeDefined();
    const responses = await Promise.all(
      ["/ko", "/healthz", script!, "/favicon.svg", "/no-such-page", "/dev/outbox"].map((path) =>
        fetch(e2e.app.baseUrl + path),
      ),
    );
    for (const response of responses) {
      const csp = response.headers.get("content-security-policy") ?? "";
      // Scripts only from this origin, or (on a page Remix hydrates) with this response's nonce.
      expect(csp).toMatch(/script-src (?:'self'|'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic');/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:\/\//);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("marks pages whose language comes from Accept-Language as varying on it, and only those", async () => {
    const [detected, korean] = await Promise.all([
      fetch(`${e2e.app.baseUrl}/`),
      fetch(`${e2e.app.baseUrl}/ko`),
    ]);
    expect(detected.headers.get("vary")).toMatch(/Accept-Language/);
    expect(korean.headers.get("vary") ?? "").not.toMatch(/Accept-Language/);
  });

  it("gives public pages no nonce and no inline script, and a hydrated page a fresh nonce on every script", async () => {
    const nonceOf = (response: Response) =>
      /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    for (const path of ["/en", "/en/campaigns/unsc-annual-open-meeting-dprk", "/en/no-such-page"]) {
      const response = await fetch(e2e.app.baseUrl + path);
      expect(nonceOf(response), path).toBeUndefined();
      const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      for (const tag of scripts)
        expect(tag, path).toMatch(/^<script type="module" src="\/client\/[^"]+\.js">$/);
    }
    // The developer outbox runs Remix in the browser, as the staff area will: inline scripts, each
    // with the nonce of its own response.
    const [first, second] = await Promise.all([
      fetch(`${e2e.app.baseUrl}/dev/outbox`),
      fetch(`${e2e.app.baseUrl}/dev/outbox`),
    ]);
    expect(nonceOf(first)).toBeDefined();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(first)}"`);
  });

  it("lets partner sites frame only the embed routes", async () => {
    const embed = await fetch(`${e2e.app.baseUrl}/embed/campaigns/unsc-annual-open-meeting-dprk`);
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("x-frame-options")).toBeNull();
  });

  it("reads one JSON log line per request, without query strings or tokens", async () => {
    await fetch(`${e2e.app.baseUrl}/en/privacy?email=someone%40example.org`);
    await fetch(`${e2e.app.baseUrl}/confirm/Zq8Lw3VtX0pN5yRkB2mD7sQa`);
    await expect
      .poll(() =>
        e2e.app
          .logLines()
          .filter((line) => line.msg === "request")
          .map((line) => line.path),
      )
      .toEqual(expect.arrayContaining(["/en/privacy", "/confirm/:redacted"]));
    const privacy = e2e.app.logLines().find((line) => line.path === "/en/privacy");
    expect(privacy).toMatchObject({ level: "info", method: "GET", status: 200 });
    expect(typeof privacy?.durationMs).toBe("number");
    expect(JSON.stringify(e2e.app.logLines())).not.toMatch(/someone|example\.org|Zq8Lw3/);
  });
});
