// `npm run bench:sign`: the full sign path of the built app (`node build/server/start.js`) under
// concurrent clients: HTTP POST of the campaign page's form through validation, abuse checks, the
// insert and the queued confirmation email, until the 302 to check-email. Reports signatures/s,
// latency and how many accepted signatures are missing from the database (must be 0: FAIL and
// exit 1 otherwise). In the same run, the same clients drive a bare `node:http` + `pg` server that
// INSERTs one row per POST (the floor of this machine; measured first, while the app sits idle),
// and the ratio of the two is reported. Also reports the CPU each party used per request (from
// /proc), which shows what saturates. Uses a throwaway embedded PostgreSQL; needs `npm run build`.
//
//   BENCH_CONCURRENCY=64 BENCH_SECONDS=15 npm run bench:sign
//   BENCH_WARMUP_SECONDS=2                        # unmeasured load before each measured run
//   BENCH_EMAIL_DOMAINS=1000                      # distinct email domains (1: all @example.org)
//   BENCH_CLIENT=http|fetch                       # node:http keep-alive Agent (default) or fetch
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:sign   # also writes the app server's .cpuprofile
//
// The proof-of-work alarm is set out of reach (SIGN_CHALLENGE_PER_MINUTE): see where the app starts.
// Signers post 3.2 s after the page was shown (so none is "too fast"), each with a form token of its
// own (one token used more than 3 times marks a script), each from its own address
// (X-Forwarded-For; the app trusts one proxy hop) and with its own email. Email domains cycle
// through BENCH_EMAIL_DOMAINS so the per-domain limit (200 an hour) flags nobody. The client is
// node:http because fetch costs about four times the client CPU per request, which on a small
// machine holds the floor down (about 2,000 instead of 5,500 requests/s on 2 cores).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { seedDatabase } from "../../prisma/seed";
import { sharedAppSecret } from "../support/fanout-fixture";
import { positiveInteger, runBench, say, startBenchDatabase } from "../support/bench";
import { freePort } from "../support/ports";
import { startNodeProcess, stopNodeProcess, type NodeProcess } from "../support/processes";

function choice<T extends string>(name: string, options: readonly T[]): T {
  const raw = process.env[name] || options[0]!;
  if (!(options as readonly string[]).includes(raw))
    throw new Error(`${name} must be one of ${options.join(", ")}, not "${raw}"`);
  return raw as T;
}

const CONCURRENCY = positiveInteger("BENCH_CONCURRENCY", 64);
const SECONDS = positiveInteger("BENCH_SECONDS", 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const EMAIL_DOMAINS = positiveInteger("BENCH_EMAIL_DOMAINS", 1000);
const CLIENT = choice("BENCH_CLIENT", ["http", "fetch"] as const);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0)
  throw new Error(`BENCH_WARMUP_SECONDS must be a number of seconds ≥ 0`);

const BUILT_SERVER = path.resolve("build/server/start.js");
const CAMPAIGN_SLUG = "stop-forced-repatriation";
const CAMPAIGN_PATH = `/en/campaigns/${CAMPAIGN_SLUG}`;
const COUNTRIES = ["KOR", "JPN", "USA", "OTHER"] as const;
// Posts this long after the page was shown are not "too fast" (the app's minimum is 3 s).
const FILL_MS = 3_200;
const REQUEST_TIMEOUT_MS = 30_000;
const GOAL = { perSecond: 1_000, p99Ms: 250, ratio: 0.5 };

const int = (n: number) => Math.round(n).toLocaleString("en");
const ms = (n: number) => `${n.toFixed(1)} ms`;

// ---------------------------------------------------------------------------------------------
// Processes

type Child = NodeProcess;

// Logged lines worth counting: slow queries and errors.
const WATCHED = ["slow query", '"level":"error"'];

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return startNodeProcess(name, args, env, WATCHED);
}

function stopChild(proc: Child, graceMs = 15_000): Promise<number | string | null> {
  return stopNodeProcess(proc, graceMs);
}

// CPU time, from /proc (Linux): where the machine's cores went during a measured run.
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, or undefined when it is gone (or not on Linux). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds of the postmaster and each of its children (backends, WAL writer, …), by pid. */
function postgresCpu(dataDir: string): Map<number, number> {
  const byPid = new Map<number, number>();
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const pid = Number(entry);
        if (pid === postmaster || Number(fields[1]) === postmaster)
          byPid.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux, or the cluster is gone
  }
  return byPid;
}

type CpuUse = { server: number; postgres: number; client: number };

/** Starts counting; the function it returns gives the CPU seconds each party used since. */
function countCpu(serverPid: number, dataDir: string): () => CpuUse {
  const server = cpuSeconds(serverPid) ?? NaN;
  const postgres = postgresCpu(dataDir);
  const client = process.cpuUsage();
  return () => {
    let postgresUsed = 0;
    for (const [pid, seconds] of postgresCpu(dataDir)) postgresUsed += seconds - (postgres.get(pid) ?? 0);
    const clientUsed = process.cpuUsage(client);
    return {
      server: (cpuSeconds(serverPid) ?? NaN) - server,
      postgres: postgresUsed,
      client: (clientUsed.user + clientUsed.system) / 1e6,
    };
  };
}

/** Polls `url` until it answers 200; fails when `proc` exits or after `timeoutMs`. */
async function waitForHttp(url: string, proc: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!proc.running()) throw new Error(`${proc.name} exited (${await proc.exited}):\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// The floor: the least any server can do for this request on this machine. Parses the same form
// and INSERTs one row through a pg.Pool of 10 (as the app's Prisma pool), then answers 302.
const FLOOR_SERVER = `
const http = require("node:http");
const { Pool } = require("pg");
const pool = new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
const server = http.createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    pool
      .query("INSERT INTO bench_floor (email, name) VALUES ($1, $2)", [form.get("email"), form.get("name")])
      .then(
        () => {
          res.writeHead(302, { location: req.url + "/check-email", "cache-control": "no-store" });
          res.end();
        },
        (error) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(error && error.message));
        },
      );
  });
});
server.listen(Number(process.env.FLOOR_PORT), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  pool.end().finally(() => process.exit(0));
});
`;

// ---------------------------------------------------------------------------------------------
// Load

type Reply = { status: number; location: string | null };
type Send = (port: number, body: string, forwardedFor: string) => Promise<Reply>;

function httpClient(concurrency: number): { send: Send; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const send: Send = (port, body, forwardedFor) =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: "127.0.0.1",
          port,
          method: "POST",
          path: CAMPAIGN_PATH,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            "x-forwarded-for": forwardedFor,
          },
        },
        (response) => {
          response.resume();
          response.once("end", () =>
            resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null }),
          );
          response.once("error", reject);
        },
      );
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("timeout")));
      request.once("error", reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

function fetchClient(): { send: Send; close(): void } {
  const send: Send = async (port, body, forwardedFor) => {
    const response = await fetch(`http://127.0.0.1:${port}${CAMPAIGN_PATH}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get("location") };
  };
  return { send, close: () => undefined };
}

/** Signer number `n`: a unique email, a country, and an address of its own in 10.0.0.0/8. */
function signer(
  n: number,
  shown: (n: number) => string,
): { email: string; body: string; forwardedFor: string } {
  const domain = EMAIL_DOMAINS === 1 ? "example.org" : `d${n % EMAIL_DOMAINS}.example.org`;
  const email = `bench-${n}@${domain}`;
  const body = new URLSearchParams({
    name: `Bench Signer ${n}`,
    email,
    country: COUNTRIES[n % COUNTRIES.length]!,
    display: "initials",
    shown: shown(n),
  }).toString();
  const forwardedFor = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  return { email, body, forwardedFor };
}

type LoadResult = {
  completed: number;
  accepted: string[];
  errors: Map<string, number>;
  /** Per completed request, in ms, sorted. */
  latencies: Float64Array;
  wallMs: number;
  /** CPU seconds used meanwhile by the server under test, PostgreSQL and these clients. */
  cpu?: CpuUse;
};

/**
 * `concurrency` clients, each posting in a loop until `seconds` have passed; requests in flight
 * then finish and count. `next` hands out signer numbers, so no email is ever used twice.
 */
async function runLoad(
  port: number,
  send: Send,
  shown: (n: number) => string,
  seconds: number,
  next: () => number,
): Promise<LoadResult> {
  const accepted: string[] = [];
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const { email, body, forwardedFor } = signer(next(), shown);
      const sent = performance.now();
      let outcome: string;
      try {
        const reply = await send(port, body, forwardedFor);
        outcome =
          reply.status === 302 && reply.location?.endsWith("/check-email") ? "ok" : `HTTP ${reply.status}`;
      } catch (error) {
        outcome = error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - sent);
      if (outcome === "ok") accepted.push(email);
      else errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const wallMs = performance.now() - started;
  return {
    completed: latencies.length,
    accepted,
    errors,
    latencies: Float64Array.from(latencies).sort(),
    wallMs,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Figures = { perSecond: number; p50: number; p90: number; p99: number; max: number };

function figures(result: LoadResult): Figures {
  const { latencies } = result;
  return {
    perSecond: result.accepted.length / (result.wallMs / 1000),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

function report(label: string, unit: string, result: LoadResult): Figures {
  const f = figures(result);
  const errorCount = [...result.errors.values()].reduce((a, b) => a + b, 0);
  say(`${label}`);
  say(
    `  ${unit}:`.padEnd(18) +
      `${int(result.accepted.length)} accepted in ${(result.wallMs / 1000).toFixed(1)} s, ` +
      `${int(errorCount)} errors`,
  );
  say(`  ${unit}/s:`.padEnd(18) + int(f.perSecond));
  say(`  latency:`.padEnd(18) + `p50 ${ms(f.p50)} · p90 ${ms(f.p90)} · p99 ${ms(f.p99)} · max ${ms(f.max)}`);
  for (const [outcome, count] of result.errors) say(`  error:`.padEnd(18) + `${int(count)} × ${outcome}`);
  if (result.cpu && result.completed > 0) {
    const { server, postgres, client } = result.cpu;
    const perRequest = (seconds: number) => `${((seconds * 1000) / result.completed).toFixed(2)} ms`;
    const cores = (seconds: number) => (seconds / (result.wallMs / 1000)).toFixed(2);
    say(
      `  CPU/request:`.padEnd(18) +
        `server ${perRequest(server)} · PostgreSQL ${perRequest(postgres)} · clients ${perRequest(client)}`,
    );
    say(
      `  cores busy:`.padEnd(18) +
        `server ${cores(server)} · PostgreSQL ${cores(postgres)} · clients ${cores(client)} ` +
        `(of ${os.cpus().length})`,
    );
  }
  return f;
}

async function measure(
  label: string,
  port: number,
  send: Send,
  shown: (n: number) => string,
  next: () => number,
  startCpuCount: () => () => CpuUse,
): Promise<LoadResult> {
  if (WARMUP_SECONDS > 0) {
    const warm = await runLoad(port, send, shown, WARMUP_SECONDS, next);
    say(
      `${label}: warm-up ${int(warm.completed)} requests in ${(warm.wallMs / 1000).toFixed(1)} s ` +
        `(${int(warm.accepted.length / (warm.wallMs / 1000))}/s)`,
    );
  }
  const cpuUsed = startCpuCount();
  const result = await runLoad(port, send, shown, SECONDS, next);
  return { ...result, cpu: cpuUsed() };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const appSecret = sharedAppSecret();
  if (!fs.existsSync(BUILT_SERVER)) {
    say(`FAIL: ${path.relative(process.cwd(), BUILT_SERVER)} is missing: run npm run build first`);
    return 1;
  }
  process.env.LOG_LEVEL ??= "error";
  let database: Awaited<ReturnType<typeof startBenchDatabase>> | undefined;
  let app: Child | undefined;
  let floor: Child | undefined;
  let db: pg.Client | undefined;
  const client = CLIENT === "fetch" ? fetchClient() : httpClient(CONCURRENCY);
  const stopAll = async () => {
    if (floor) await stopChild(floor);
    if (app) await stopChild(app);
    client.close();
    await db?.end().catch(() => undefined);
    await disconnectPrisma();
    await database?.stop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`\n${signal}: stopping`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    say(
      `sign bench: ${CONCURRENCY} clients (${CLIENT}), ${SECONDS} s measured after ${WARMUP_SECONDS} s ` +
        `warm-up, ${os.cpus().length} CPUs, Node ${process.versions.node}`,
    );
    const setupStarted = performance.now();
    database = await startBenchDatabase();
    const databaseDir = database.dir;
    await seedDatabase(getPrisma());
    const campaign = await getPrisma().campaign.findUniqueOrThrow({
      where: { slug: CAMPAIGN_SLUG },
      select: { id: true, status: true },
    });
    if (campaign.status !== "live") throw new Error(`${CAMPAIGN_SLUG} is ${campaign.status}, not live`);
    await disconnectPrisma();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await db.query(`CREATE TABLE bench_floor (id bigserial PRIMARY KEY, email text, name text,
      created_at timestamptz DEFAULT now())`);

    const appPort = await freePort();
    const nodeArgs = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
    app = startChild("the app", [...nodeArgs, BUILT_SERVER], {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(appPort),
      DATABASE_URL: database.url,
      // Shared with this process, which mints each signer's form token as the page would.
      APP_SECRET: appSecret,
      APP_URL: `http://127.0.0.1:${appPort}`,
      EMAIL_OUTBOX_IN_PRODUCTION: "allow",
      RESEND_API_KEY: "",
      // The web path only: the confirmation jobs stay queued.
      WORKER_MODE: "off",
      // Not one JSON line per request; slow queries (≥ 200 ms) and errors still show.
      LOG_LEVEL: "warn",
      TRUST_PROXY: "1",
      // Measured here: the sign path itself. At these rates a real campaign would raise the
      // proof-of-work alarm (ADR 0013), and each signer's browser would spend about a second
      // solving it, which these clients cannot do 1,000 times a second on 2 cores.
      SIGN_CHALLENGE_PER_MINUTE: "100000000",
    });
    await waitForHttp(`http://127.0.0.1:${appPort}/healthz`, app);

    // The page must carry a form token; each signer gets one of its own, as if it had loaded the
    // page at least FILL_MS before posting (a millisecond apart, so no two signers share one).
    const page = await fetch(`http://127.0.0.1:${appPort}${CAMPAIGN_PATH}`);
    if (page.status !== 200 || !/<input[^>]*name="shown"/.test(await page.text()))
      throw new Error(`no shown token on ${CAMPAIGN_PATH} (${page.status})`);
    const shownFrom = Date.now() - FILL_MS;
    const shown = (n: number) => formShownToken(campaign.id, shownFrom - n);
    say(`set up: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (database, seed, app)`);

    let n = 0;
    const next = () => n++;

    // The floor first, while the app sits idle.
    const floorPort = await freePort();
    floor = startChild("the floor server", ["-e", FLOOR_SERVER], {
      ...process.env,
      FLOOR_DATABASE_URL: database.url,
      FLOOR_PORT: String(floorPort),
    });
    await waitForHttp(`http://127.0.0.1:${floorPort}/`, floor);
    const floorPid = floor.child.pid!;
    const floorResult = await measure("floor", floorPort, client.send, shown, next, () =>
      countCpu(floorPid, path.join(databaseDir, "cluster")),
    );
    await stopChild(floor);
    floor = undefined;
    const { rows: floorRows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bench_floor WHERE email = ANY($1::text[])",
      [floorResult.accepted],
    );

    const appPid = app.child.pid!;
    const appResult = await measure("app", appPort, client.send, shown, next, () =>
      countCpu(appPid, path.join(databaseDir, "cluster")),
    );
    const slowQueries = app.linesWith("slow query");
    const errorLines = app.linesWith('"level":"error"');

    // Every accepted signature must be in the database, with its confirmation email queued.
    const { rows } = await db.query<{ found: number; flagged: number; reasons: string | null }>(
      `SELECT count(*)::int AS found, count(*) FILTER (WHERE flagged)::int AS flagged,
         string_agg(DISTINCT flag_reason, ', ') AS reasons
       FROM signatures WHERE campaign_id = $1::uuid AND email = ANY($2::text[])`,
      [campaign.id, appResult.accepted],
    );
    const { rows: emailRows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM email_deliveries
       WHERE kind = 'signature-confirmation' AND to_email = ANY($1::text[])`,
      [appResult.accepted],
    );
    const { rows: jobRows } = await db.query<{ jobs: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM pgboss.job WHERE name = 'send-email') AS jobs,
         (SELECT count(*)::int FROM email_deliveries) AS deliveries`,
    );
    const found = rows[0]!.found;
    const flagged = rows[0]!.flagged;
    const missing = appResult.accepted.length - found;
    const emailsMissing = appResult.accepted.length - emailRows[0]!.n;
    const floorMissing = floorResult.accepted.length - floorRows[0]!.n;

    await stopChild(app);
    app = undefined;

    say("");
    say(`== sign path: built app, ${CONCURRENCY} clients, ${SECONDS} s ==`);
    const appFigures = report("POST /en/campaigns/:slug → 302 check-email", "signatures", appResult);
    say(
      `  in database:`.padEnd(18) +
        `${int(found)} found, ${int(missing)} missing, ${int(flagged)} flagged` +
        (rows[0]!.reasons ? ` (${rows[0]!.reasons})` : ""),
    );
    say(
      `  emails queued:`.padEnd(18) +
        `${int(emailRows[0]!.n)} confirmation deliveries for them, ${int(emailsMissing)} missing; ` +
        `${int(jobRows[0]!.jobs)} send-email jobs for ${int(jobRows[0]!.deliveries)} deliveries in all`,
    );
    say(`  server log:`.padEnd(18) + `${int(slowQueries)} slow-query warnings, ${int(errorLines)} errors`);
    say("");
    say(`== floor: bare node:http + pg INSERT of one row (pool of 10), same clients ==`);
    const floorFigures = report("POST → INSERT → 302", "requests", floorResult);
    say(`  in database:`.padEnd(18) + `${int(floorRows[0]!.n)} found, ${int(floorMissing)} missing`);

    const ratio = appFigures.perSecond / floorFigures.perSecond;
    const appErrors = appResult.completed - appResult.accepted.length;
    const check = (ok: boolean) => (ok ? "met" : "NOT met");
    say("");
    say(`== summary ==`);
    say(
      `app:   ${int(appFigures.perSecond)} signatures/s, p50 ${ms(appFigures.p50)}, p99 ${ms(appFigures.p99)}, ` +
        `${int(missing)} missing, ${int(appErrors)} errors`,
    );
    say(
      `floor: ${int(floorFigures.perSecond)} requests/s, p50 ${ms(floorFigures.p50)}, p99 ${ms(floorFigures.p99)}`,
    );
    say(`ratio: ${ratio.toFixed(2)} (app signatures/s ÷ floor requests/s)`);
    say(
      `goals: ≥ ${int(GOAL.perSecond)} signatures/s ${check(appFigures.perSecond >= GOAL.perSecond)}; ` +
        `p99 ≤ ${GOAL.p99Ms} ms ${check(appFigures.p99 <= GOAL.p99Ms)}; ` +
        `ratio ≥ ${GOAL.ratio} ${check(ratio >= GOAL.ratio)}`,
    );
    if (CPU_PROF_DIR) say(`cpu profile: ${path.resolve(CPU_PROF_DIR)}`);

    if (flagged > 0)
      say(`note: ${int(flagged)} accepted signatures were flagged, so this was not a realistic signer mix`);

    const problems: string[] = [];
    if (appResult.accepted.length === 0) problems.push("the app accepted no signature");
    if (floorResult.accepted.length === 0) problems.push("the floor accepted no request");
    if (missing !== 0) problems.push(`${missing} accepted signatures are missing from the database`);
    if (emailsMissing !== 0) problems.push(`${emailsMissing} accepted signatures have no confirmation email`);
    if (problems.length > 0) {
      say(`FAIL: ${problems.join("; ")}`);
      return 1;
    }
    say("OK: every accepted signature is in the database with its confirmation email queued");
    return 0;
  } finally {
    await stopAll();
  }
}

runBench(main);
