// The reproduction: PostgreSQL restarted while the production build was taking signatures
// and sending their confirmations. Then, the app process died of an unhandled rejection from its
// in-process queue worker (57P01 "terminating connection due to administrator command") and stayed
// down. Here every connection is terminated the same way and new ones are refused for a few
// seconds, in the middle of signing and sending: the process must stay up, answer 503 meanwhile,
// recover by itself, and lose nothing nor send anything twice.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ko from "~/i18n/ko.json";
import { JOBS } from "~/jobs/registry.server";
import { installQueues } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { createCampaign } from "../factories";
import { adminQuery } from "../setup/postgres-admin";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { stopNodeProcess } from "../support/processes";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

// The app and this test sign form tokens with one secret; set before anything reads the environment.
process.env.APP_SECRET = randomBytes(36).toString("base64url");

const API_KEY = "re_test_database_restart";
const SLUG = "database-restart";
const CLIENTS = 6;
const OUTAGE_MS = 4_000;

let standIn: ResendStandIn;
let proxy: TcpProxy;
let app: BuiltApp;
let campaignId: string;

type Attempt = { email: string; status: number; body: string; during: boolean };
const attempts: Attempt[] = [];
let outage = false;
let signing = true;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY });
  // Confirmations are in flight with Resend when the database goes away.
  standIn.setLatency(150);
  // A job whose completion was lost in the outage is retried once it expires: 5 s here.
  await installQueues(
    process.env.DATABASE_URL!,
    JOBS.map((job) => (job.name === "send-email" ? { ...job, expireInSeconds: 5 } : job)),
  );
  ({ id: campaignId } = await createCampaign({ slug: SLUG, status: "live", targets: ["KOR"] }));

  const database = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port) });
  const throughProxy = new URL(database);
  throughProxy.port = String(proxy.port);
  app = await startBuiltApp({
    DATABASE_URL: throughProxy.toString(),
    APP_SECRET: process.env.APP_SECRET!,
    RESEND_API_KEY: API_KEY,
    RESEND_BASE_URL: standIn.url,
    RESEND_WEBHOOK_SECRET: "whsec_dGVzdHNlY3JldA==",
    RESEND_MAX_RPS: "0",
    QUEUE_MAINTENANCE_SECONDS: "1",
    // Each signer comes from an address of their own, as through a CDN; no proof of work.
    TRUST_PROXY: "1",
    SIGN_CHALLENGE_PER_MINUTE: "100000000",
  });
});

afterAll(async () => {
  signing = false;
  if (app) await stopNodeProcess(app.proc, 20_000);
  await proxy?.restore().catch(() => undefined);
  await standIn?.close();
});

/** A request's status, or 0 when the app did not answer at all (the process died). */
async function statusOf(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { redirect: "manual", ...init });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

async function sign(i: number): Promise<void> {
  const email = `signer-${i}@d${i}.example.org`;
  const during = outage;
  const { status, body } = await statusOf(`${app.baseUrl}/ko/campaigns/${SLUG}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": `198.51.${Math.floor(i / 250)}.${i % 250}`,
    },
    body: new URLSearchParams({
      name: `Signer ${i}`,
      email,
      country: "KOR",
      display: "initials",
      shown: formShownToken(campaignId, Date.now() - 5_000),
    }).toString(),
  });
  attempts.push({ email, status, body, during });
  // A dead app answers nothing; the test then fails on what follows, not on a flood of requests.
  if (status === 0) await new Promise((resolve) => setTimeout(resolve, 200));
}

async function signContinuously(client: number): Promise<void> {
  for (let n = 0; signing; n++) await sign(n * CLIENTS + client);
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (!app.proc.running())
      throw new Error(`The app exited while waiting for ${what}:\n${app.proc.output()}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}:\n${app.proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends every connection to this test file's database, as `pg_ctl restart -m fast` does. */
async function terminateConnections(): Promise<void> {
  const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  const admin = new URL(process.env.DATABASE_URL!);
  admin.pathname = "/postgres";
  await adminQuery(
    admin.toString(),
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
  );
}

describe("a database restart in the middle of signing and sending", () => {
  it("is a blip: 503s meanwhile, the process stays up and recovers, nothing lost or doubled", async () => {
    const load = Array.from({ length: CLIENTS }, (_, client) => signContinuously(client));
    const accepted = () => attempts.filter((a) => a.status === 302).length;
    await waitFor(
      "signatures and confirmations under way",
      60_000,
      () => accepted() >= 40 && standIn.accepted.length >= 10,
    );

    // The restart: connections end with 57P01, and for a few seconds no new one is accepted.
    outage = true;
    await terminateConnections();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await proxy.cut();
    const outageEnds = Date.now() + OUTAGE_MS;
    const duringOutage: Record<string, number[]> = { readyz: [], page: [] };
    while (Date.now() < outageEnds) {
      duringOutage.readyz!.push((await statusOf(`${app.baseUrl}/readyz`)).status);
      duringOutage.page!.push((await statusOf(`${app.baseUrl}/ko/campaigns/${SLUG}`)).status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await proxy.restore();
    const restoredAt = Date.now();
    outage = false;

    await waitFor(
      "/readyz to recover",
      15_000,
      async () => (await statusOf(`${app.baseUrl}/readyz`)).status === 200,
    );
    const secondsToRecover = (Date.now() - restoredAt) / 1000;
    const acceptedAtRecovery = accepted();
    await waitFor("signatures to be accepted again", 15_000, () => accepted() >= acceptedAtRecovery + 20);
    signing = false;
    await Promise.all(load);

    expect(duringOutage.readyz).toContain(503);
    expect(duringOutage.page!.every((status) => status === 503)).toBe(true);
    expect(app.proc.running(), app.proc.output()).toBe(true);

    // Every signer was answered "signed" (302) or "please try again" (503), never a 500.
    const statuses = new Set(attempts.map((a) => a.status));
    expect([...statuses].sort()).toEqual([302, 503]);
    const refused = attempts.filter((a) => a.status === 503);
    expect(refused.every((a) => a.body.includes(ko["sign.failed.title"]))).toBe(true);

    // Every accepted signature is stored once, and every stored one gets exactly one confirmation.
    const signatures = await getPrisma().signature.findMany({
      where: { campaign: { slug: SLUG } },
      select: { email: true },
    });
    // Nobody withdrew, so every signature keeps its address.
    const stored = new Set(signatures.map((s) => s.email!));
    expect(signatures).toHaveLength(stored.size);
    const missing = attempts.filter((a) => a.status === 302 && !stored.has(a.email));
    expect(missing, "accepted signatures missing from the database").toEqual([]);
    // A signature refused with 503 was not stored, unless its commit landed as the connection
    // died: then it is whole, with its confirmation, like any other.
    const attempted = new Set(attempts.map((a) => a.email));
    expect([...stored].filter((email) => !attempted.has(email))).toEqual([]);

    const confirmationsSent = () =>
      getPrisma().emailDelivery.count({ where: { kind: "signature-confirmation", status: "sent" } });
    await waitFor(
      "every confirmation to be sent",
      90_000,
      async () => (await confirmationsSent()) === stored.size,
    );
    const deliveries = await getPrisma().emailDelivery.groupBy({
      by: ["status"],
      where: { kind: "signature-confirmation" },
      _count: true,
    });
    expect(deliveries).toEqual([{ status: "sent", _count: stored.size }]);
    const counts = standIn.acceptedCountsByRecipient();
    expect(
      [...counts].filter(([, n]) => n !== 1),
      "signers who got other than one email",
    ).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...stored].sort());

    console.log(
      `[database restart] ${attempts.length} sign requests: ${accepted()} accepted, ${refused.length} ` +
        `asked to try again; recovered ${secondsToRecover.toFixed(1)} s after the database returned`,
    );
  }, 240_000);
});
