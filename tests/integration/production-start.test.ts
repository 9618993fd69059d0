// `npm start` in production refuses what it cannot run safely, says so in the log and on every
// page when it runs as a demo, and never serves the outbox (every signer's address and live
// confirm and withdraw links) to the network.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import { BUILT_SERVER, builtAppEnv, startBuiltApp, type BuiltApp } from "../support/built-app";
import { freePort } from "../support/ports";
import { startNodeProcess, stopNodeProcess } from "../support/processes";

const running: BuiltApp[] = [];

/** The demo banner's text, or null when the page has none. */
async function bannerOf(url: string): Promise<string | null> {
  const html = await (await fetch(url)).text();
  const banner = /<p class="demo-banner"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
  return banner === undefined ? null : banner.replace(/<!-- -->/g, "");
}

afterAll(async () => {
  await Promise.all(running.map((app) => stopNodeProcess(app.proc, 15_000)));
});

describe("the production server", () => {
  it("refuses to start without APP_URL and DATABASE_URL, naming both, with no stack trace", async () => {
    const port = await freePort();
    // HOST=0.0.0.0 and no APP_URL once mailed links to http://0.0.0.0:PORT; no DATABASE_URL once
    // started a demo database without a word.
    const env = builtAppEnv(port, { HOST: "0.0.0.0", APP_URL: "", DATABASE_URL: "" });
    const proc = startNodeProcess("the app", [BUILT_SERVER], env);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain("APP_URL is required in production");
    expect(proc.output()).toContain("DATABASE_URL is required in production");
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it("keeps the outbox closed to the public even as a demo without Resend, and says on every page it is a demo", async () => {
    const app = await startBuiltApp({ EMAIL_OUTBOX_IN_PRODUCTION: "allow", RESEND_API_KEY: "" });
    running.push(app);
    // Only a signed-in owner or admin sees it (tests/integration/staff/outbox-production.test.ts):
    // anyone else is sent to the staff sign-in page and is shown nothing of it.
    for (const path of [
      "/dev/outbox",
      "/dev/outbox.json",
      "/dev/outbox/00000000-0000-0000-0000-000000000000",
      "/dev/outbox/00000000-0000-0000-0000-000000000000/html",
    ]) {
      const response = await fetch(`${app.baseUrl}${path}`, { redirect: "manual" });
      expect([path, response.status]).toEqual([path, 302]);
      expect(response.headers.get("location")).toMatch(/^\/admin\/sign-in(\?|$)/);
    }
    // Posted as the outbox's own form posts (to its index route), so the request guard lets it on.
    const posted = await fetch(`${app.baseUrl}/dev/outbox?index`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
      body: "email=someone%40example.org",
    });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe("/admin/sign-in");

    expect(await bannerOf(`${app.baseUrl}/en`)).toBe(`${en["banner.demo"]} ${en["banner.demoOutbox"]}`);
    expect(await (await fetch(`${app.baseUrl}/en`)).text()).not.toContain('href="/dev/outbox"');
    expect(app.proc.output()).toContain("DEMO: no RESEND_API_KEY");
  });

  it("warns once when requests come through a proxy while TRUST_PROXY=0", async () => {
    const app = await startBuiltApp({ TRUST_PROXY: "0" });
    running.push(app);
    const warning = "Requests arrive through a proxy but TRUST_PROXY=0";
    await fetch(`${app.baseUrl}/healthz`);
    expect(app.proc.output()).not.toContain(warning);
    // A proxy on this machine (loopback is a private address) forwarding a visitor's request.
    for (let i = 0; i < 3; i++) {
      await fetch(`${app.baseUrl}/healthz`, { headers: { "x-forwarded-for": `203.0.113.${i + 1}` } });
    }
    expect(app.proc.output().split(warning).length - 1).toBe(1);
  });

  it("does not warn about a proxy it trusts", async () => {
    const app = await startBuiltApp({ TRUST_PROXY: "1" });
    running.push(app);
    await fetch(`${app.baseUrl}/healthz`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(app.proc.output()).not.toContain("TRUST_PROXY=0");
  });

  it("runs `npm start` on one's own machine with nothing set as a local demo, and says so loudly", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-demo-"));
    // mkdtemp's folder is the creator's alone; the `postgres` user must reach into it.
    fs.chmodSync(dataDir, 0o755);
    try {
      // As on a fresh machine: loopback (the default HOST), and no APP_URL, secret, database or
      // email provider. A server others can reach refuses this (the first test).
      const app = await startBuiltApp(
        {
          APP_URL: "",
          APP_SECRET: "",
          DATABASE_URL: "",
          EMAIL_OUTBOX_IN_PRODUCTION: "",
          DATA_DIR: dataDir,
          EMBEDDED_DATABASE_PORT: String(await freePort()),
        },
        { timeoutMs: 90_000 },
      );
      expect(await bannerOf(`${app.baseUrl}/en`)).toBe(
        `${en["banner.demo"]} ${en["banner.demoOutbox"]} ${en["banner.demoDatabase"]}`,
      );
      expect(app.proc.output()).toContain("DEMO: no DATABASE_URL");
      // Its secret is this machine's own, made once and kept for the next start, readable by no one else.
      const secretFile = path.join(dataDir, "local-app-secret");
      expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(secretFile, "utf8").trim()).toMatch(/^[A-Za-z0-9_-]{64}$/);
      expect(app.proc.output()).toContain("LOCAL: no APP_SECRET");
      // A clean stop also stops the embedded PostgreSQL it started.
      expect(await stopNodeProcess(app.proc, 30_000)).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
