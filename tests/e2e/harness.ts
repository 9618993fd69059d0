// End-to-end harness: the real built app (build/server/start.js) on a free port, against this test
// file's own database, and a headless Debian Chromium to drive it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { productionNodeFlags } from "../support/node-flags";
import { freePort } from "../support/ports";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";

const SERVER_ENTRY = "build/server/start.js";

// The app and this test process share one APP_SECRET, so tokens a test makes (unsubscribe links,
// later confirmation links) are ones the app accepts. Set before anything reads the environment.
process.env.APP_SECRET ??= randomBytes(32).toString("base64url");
const APP_SECRET = process.env.APP_SECRET;

export type RunningApp = {
  baseUrl: string;
  /** The address in APP_URL, which browsers use: http://localhost:port when asked for (passkeys). */
  appUrl: string;
  /** The app's process, for tests that watch its memory. */
  pid: number;
  /** Every line the server wrote to stdout, parsed where it is JSON. */
  logLines: () => Record<string, unknown>[];
  stop: () => Promise<void>;
};

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The app did not become healthy within 30 s:\n${output()}`);
}

/**
 * Seeds this test file's database and starts the production build against it. `env` overrides
 * its environment (NODE_ENV=test, say, for the outbox, which production never serves).
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { localhost?: boolean } = {},
): Promise<RunningApp> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first.`);
  await seedDatabase(getPrisma());
  await disconnectPrisma();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // WebAuthn refuses an IP address as the relying party's id, so passkey tests use a host name.
  const appUrl = options.localhost ? `http://localhost:${port}` : baseUrl;
  const child = spawn(process.execPath, [...productionNodeFlags("start"), SERVER_ENTRY], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: appUrl,
      APP_SECRET,
      LOG_LEVEL: "info",
      // Production without Resend keeps mail in the outbox, which the tests read from the database.
      EMAIL_OUTBOX_IN_PRODUCTION: "allow",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitUntilHealthy(baseUrl, child, () => stdout + stderr);

  return {
    baseUrl,
    appUrl,
    pid: child.pid!,
    logLines: () =>
      stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { unparsed: line };
          }
        }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The app listens on IPv4 loopback only; "localhost" must not be tried over IPv6 first.
    args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP localhost 127.0.0.1"],
  });
}

export type E2e = { app: RunningApp; browser: Browser };

/**
 * For a test file: starts the built app (and a browser, unless `browser: false`) before its tests
 * and stops them after. The fields are set by the time the file's own beforeAll hooks run.
 */
export function useAppAndBrowser(
  options: { browser?: boolean; env?: Record<string, string>; localhost?: boolean } = {},
): E2e {
  const e2e = {} as E2e;
  beforeAll(async () => {
    e2e.app = await startApp(options.env, { localhost: options.localhost });
    if (options.browser !== false) e2e.browser = await launchBrowser();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.app?.stop();
  });
  return e2e;
}

export type PageWatch = { foreignRequests: string[]; consoleProblems: string[] };

/** Records requests to any other origin and console errors/warnings (CSP violations show there). */
export function watchPage(page: Page, baseUrl: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], consoleProblems: [] };
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:")) watch.foreignRequests.push(url);
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      watch.consoleProblems.push(message.text());
  });
  page.on("pageerror", (error) => watch.consoleProblems.push(error.message));
  return watch;
}

/** axe-core violations that are serious or critical, as "rule-id: target" strings. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}
