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
// The proof-of-work alarm is set out of reach (SIGN_CHALLENGE_PER_MINUTE): see benchAppEnv.
// Signers post 3.2 s after the page was shown (so none is "too fast"), all with the form token of
// one cached page, as readers of a shared page do (its uses count per network), each from its own
// address (X-Forwarded-For; the app trusts one proxy hop) and with its own email. Email domains cycle
// through BENCH_EMAIL_DOMAINS so the per-domain limit (200 an hour) flags nobody. The client is
// node:http because fetch costs about four times the client CPU per request, which on a small
// machine holds the floor down (about 2,000 instead of 5,500 requests/s on 2 cores).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import {
  APP_WATCHED_LINES,
  benchAppEnv,
  countCpu,
  positiveInteger,
  runBench,
  say,
  startBenchDatabase,
  type CpuUse,
  stopOnSignal,
} from "../support/bench";
import { fetchFormToken, signingAttempt, waitUntilFilled, type FormToken } from "../support/bench-signers";
import {
  errorCount,
  fetchClient,
  figures,
  httpClient,
  int,
  measureLoad,
  ms,
  waitForHttp,
  type Figures,
  type LoadClient,
  type LoadResult,
} from "../support/load";
import { freePort } from "../support/ports";
import { productionNodeFlags } from "../support/node-flags";
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
const GOAL = { perSecond: 1_000, p99Ms: 250, ratio: 0.5 };

// ---------------------------------------------------------------------------------------------
// Processes

type Child = NodeProcess;

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return startNodeProcess(name, args, env, APP_WATCHED_LINES);
}

function stopChild(proc: Child, graceMs = 15_000): Promise<number | string | null> {
  return stopNodeProcess(proc, graceMs);
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

function report(label: string, unit: string, result: LoadResult<string>): Figures {
  const f = figures(result);
  say(`${label}`);
  say(
    `  ${unit}:`.padEnd(18) +
      `${int(result.accepted.length)} accepted in ${(result.wallMs / 1000).toFixed(1)} s, ` +
      `${int(errorCount(result))} errors`,
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

function measure(
  label: string,
  port: number,
  client: LoadClient,
  token: FormToken,
  next: () => number,
  startCpuCount: () => () => CpuUse,
): Promise<LoadResult<string>> {
  const attempt = signingAttempt({
    client,
    port,
    path: CAMPAIGN_PATH,
    token,
    emailDomains: EMAIL_DOMAINS,
    next,
  });
  return measureLoad(
    label,
    { concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS },
    attempt,
    startCpuCount,
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
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
  stopOnSignal(stopAll);
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
    app = startChild(
      "the app",
      [...productionNodeFlags("start"), ...nodeArgs, BUILT_SERVER],
      benchAppEnv(appPort, database.url),
    );
    await waitForHttp(`http://127.0.0.1:${appPort}/healthz`, app);

    const token = await fetchFormToken(`http://127.0.0.1:${appPort}${CAMPAIGN_PATH}`);
    say(`set up: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (database, seed, app)`);

    let n = 0;
    const next = () => n++;

    // The floor first, while the app sits idle (the form token ages meanwhile).
    const floorPort = await freePort();
    floor = startChild("the floor server", ["-e", FLOOR_SERVER], {
      ...process.env,
      FLOOR_DATABASE_URL: database.url,
      FLOOR_PORT: String(floorPort),
    });
    await waitForHttp(`http://127.0.0.1:${floorPort}/`, floor);
    const floorPid = floor.child.pid!;
    const floorResult = await measure("floor", floorPort, client, token, next, () =>
      countCpu(floorPid, path.join(databaseDir, "cluster")),
    );
    await stopChild(floor);
    floor = undefined;
    const { rows: floorRows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bench_floor WHERE email = ANY($1::text[])",
      [floorResult.accepted],
    );

    await waitUntilFilled(token);
    const appPid = app.child.pid!;
    const appResult = await measure("app", appPort, client, token, next, () =>
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
