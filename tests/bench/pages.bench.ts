// `npm run bench:pages`: how many public pages a second the built app (`node build/server/start.js`)
// serves to concurrent readers, each page alone for BENCH_SECONDS: the campaign page (en, ko and
// ja in turn), the live count API, home, the embed, privacy, check-email, thanks, a 404, and the UN
// vote pages (the timeline, the seeded vote, North Korea's scorecard, the Council, the vote API). Every
// request asks as a browser does (Accept-Encoding: gzip, br; an Accept-Language matching the
// page), and a reply with another status than the page's own is an error. In the same run, the
// same clients first drive a bare `node:http` server in a child process that answers every GET
// with the campaign page's own gzip bytes, fetched from the app once (the floor of this machine),
// and each page's rate is reported as a fraction of it. Then a mixed load: readers of the campaign
// page and signers posting its form at once, 20 readers per signer; every signature answered
// with 302 must be in the database (FAIL and exit 1 otherwise). Also reports the CPU each party
// used per request (from /proc). Speed goals are printed beside the figures (`ok` or `below
// goal`), not asserted: the exit code is 1 only for errors or lost signatures. Uses a throwaway
// embedded PostgreSQL; needs `npm run build`.
//
//   BENCH_CONCURRENCY=64 BENCH_SECONDS=10 npm run bench:pages
//   BENCH_WARMUP_SECONDS=2                        # unmeasured load before each measured run
//   BENCH_EMAIL_DOMAINS=1000                      # distinct email domains of the mixed load's signers
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:pages  # also writes the app server's .cpuprofile
//
// Only HTTP is measured: nothing here knows how the app renders or caches a page. Signers post as
// in bench:sign (tests/support/bench-signers.ts): the form token of one page view, a unique email,
// an address of their own through X-Forwarded-For, and the proof-of-work alarm out of reach.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
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
import { fetchFormToken, signingAttempt, waitUntilFilled } from "../support/bench-signers";
import {
  errorCount,
  figures,
  httpClient,
  int,
  measureLoad,
  ms,
  runLoad,
  UnexpectedReply,
  waitForHttp,
  type Figures,
  type LoadClient,
  type LoadResult,
  type LoadShape,
} from "../support/load";
import { freePort } from "../support/ports";
import { productionNodeFlags } from "../support/node-flags";
import { startNodeProcess, stopNodeProcess, type NodeProcess } from "../support/processes";
import { seededAgendaVote } from "../support/un-votes";

const CONCURRENCY = positiveInteger("BENCH_CONCURRENCY", 64);
const SECONDS = positiveInteger("BENCH_SECONDS", 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const EMAIL_DOMAINS = positiveInteger("BENCH_EMAIL_DOMAINS", 1000);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0)
  throw new Error(`BENCH_WARMUP_SECONDS must be a number of seconds ≥ 0`);
if (CONCURRENCY < 2) throw new Error("BENCH_CONCURRENCY must be at least 2 (a reader and a signer)");
const SHAPE: LoadShape = { concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
// The mixed load: 20 readers per signer, at least one of each.
const SIGNERS = Math.max(1, Math.round(CONCURRENCY / 21));
const READERS = CONCURRENCY - SIGNERS;

const BUILT_SERVER = path.resolve("build/server/start.js");
const CAMPAIGN_SLUG = "stop-forced-repatriation";
const LOCALES = ["en", "ko", "ja"] as const;
type Locale = (typeof LOCALES)[number];

// As a browser sends them.
const HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const ACCEPT_LANGUAGE: Record<Locale, string> = {
  en: "en-US,en;q=0.9",
  ko: "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
  ja: "ja,en-US;q=0.9,en;q=0.8",
};
const browserHeaders = (locale: Locale, accept = HTML_ACCEPT) => ({
  accept,
  "accept-encoding": "gzip, br",
  "accept-language": ACCEPT_LANGUAGE[locale],
});

type Goal = { perSecond: number; p99Ms?: number };
type Target = {
  name: string;
  /** Requested in turn, one per request. */
  pages: { path: string; headers: Record<string, string> }[];
  status: number;
  goal?: Goal;
};

const campaignPages = LOCALES.map((locale) => ({
  path: `/${locale}/campaigns/${CAMPAIGN_SLUG}`,
  headers: browserHeaders(locale),
}));
const enPage = (pagePath: string) => [{ path: `/en${pagePath}`, headers: browserHeaders("en") }];
const PAGE_GOAL: Goal = { perSecond: 1_000 };
/** Stands for the seeded Council vote's id in paths until the database is seeded. */
const SEEDED_VOTE = ":seeded-vote";

const CAMPAIGN_TARGET: Target = {
  name: "campaign page (en, ko, ja)",
  pages: campaignPages,
  status: 200,
  goal: { perSecond: 2_000, p99Ms: 100 },
};
const TARGETS: Target[] = [
  CAMPAIGN_TARGET,
  {
    name: "count API /api/campaigns/:slug",
    // A partner's widget asks in its reader's language.
    pages: LOCALES.map((locale) => ({
      path: `/api/campaigns/${CAMPAIGN_SLUG}`,
      headers: browserHeaders(locale, "application/json"),
    })),
    status: 200,
    goal: { perSecond: 5_000 },
  },
  { name: "home /en", pages: enPage(""), status: 200, goal: PAGE_GOAL },
  {
    name: "embed /en/embed/campaigns/:slug",
    pages: enPage(`/embed/campaigns/${CAMPAIGN_SLUG}`),
    status: 200,
    goal: PAGE_GOAL,
  },
  { name: "privacy /en/privacy", pages: enPage("/privacy"), status: 200, goal: PAGE_GOAL },
  { name: "subscribe /en/subscribe", pages: enPage("/subscribe"), status: 200, goal: PAGE_GOAL },
  // The donate pages (issue 12): shared and cached like the others.
  { name: "donate /en/donate", pages: enPage("/donate"), status: 200, goal: PAGE_GOAL },
  {
    name: "campaign donate …/:slug/donate",
    pages: enPage(`/campaigns/${CAMPAIGN_SLUG}/donate`),
    status: 200,
    goal: PAGE_GOAL,
  },
  {
    name: "check-email …/:slug/check-email",
    pages: enPage(`/campaigns/${CAMPAIGN_SLUG}/check-email`),
    status: 200,
    goal: PAGE_GOAL,
  },
  {
    name: "thanks …/:slug/thanks",
    pages: enPage(`/campaigns/${CAMPAIGN_SLUG}/thanks`),
    status: 200,
    goal: PAGE_GOAL,
  },
  { name: "404 /en/no-such-page", pages: enPage("/no-such-page"), status: 404, goal: PAGE_GOAL },
  // The UN vote pages (issue 11); the seeded 2014 Council vote's id is filled in after seeding.
  { name: "votes /en/votes", pages: enPage("/votes"), status: 200, goal: PAGE_GOAL },
  { name: "vote /en/votes/:id", pages: enPage(`/votes/${SEEDED_VOTE}`), status: 200, goal: PAGE_GOAL },
  { name: "scorecard /en/countries/PRK", pages: enPage("/countries/PRK"), status: 200, goal: PAGE_GOAL },
  { name: "council /en/council", pages: enPage("/council"), status: 200, goal: PAGE_GOAL },
  {
    name: "vote API /api/votes/:id",
    pages: [{ path: `/api/votes/${SEEDED_VOTE}`, headers: browserHeaders("en", "application/json") }],
    status: 200,
    goal: PAGE_GOAL,
  },
];

// ---------------------------------------------------------------------------------------------
// Processes

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): NodeProcess {
  return startNodeProcess(name, args, env, APP_WATCHED_LINES);
}

function stopChild(proc: NodeProcess, graceMs = 15_000): Promise<number | string | null> {
  return stopNodeProcess(proc, graceMs);
}

// The floor: the least any server can do for a page view on this machine. Answers every GET with
// the campaign page's gzip bytes, read once from a file: no routing, rendering or compressing.
const FLOOR_SERVER = `
const fs = require("node:fs");
const http = require("node:http");
const body = fs.readFileSync(process.env.FLOOR_BODY_FILE);
const headers = {
  "content-type": "text/html; charset=utf-8",
  "content-encoding": "gzip",
  "content-length": body.length,
  vary: "Accept-Encoding",
};
const server = http.createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(process.env.FLOOR_PORT), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
`;

type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One GET, its body as sent (still compressed), over a connection of its own. */
function getRaw(port: number, pagePath: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: pagePath, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.once("error", reject);
      },
    );
    request.once("error", reject);
  });
}

/** Fails the bench with the tail of what `proc` printed once it has exited. */
async function mustBeRunning(proc: NodeProcess): Promise<void> {
  if (proc.running()) return;
  const code = await proc.exited;
  // The app exits 0 only when it shuts down on SIGTERM or SIGINT, which this bench never sends it
  // while measuring.
  const hint = code === 0 ? " after a SIGTERM or SIGINT from outside this bench" : "";
  throw new Error(`${proc.name} exited (${code})${hint}:\n${proc.output().slice(-4_000)}`);
}

// ---------------------------------------------------------------------------------------------
// Load

/** One request per call, to the target's pages in turn; throws on any other status than its own. */
function readingAttempt(client: LoadClient, port: number, target: Target): () => Promise<void> {
  let turn = 0;
  return async () => {
    const page = target.pages[turn++ % target.pages.length]!;
    const reply = await client.send({ port, method: "GET", path: page.path, headers: page.headers });
    if (reply.status !== target.status) throw new UnexpectedReply(reply);
  };
}

type Measured = { name: string; result: LoadResult<unknown>; figures: Figures; goal?: Goal };

const met = (f: Figures, goal: Goal) => f.perSecond >= goal.perSecond && (goal.p99Ms ?? Infinity) >= f.p99;
const describeGoal = (goal: Goal) =>
  `≥ ${int(goal.perSecond)}/s` + (goal.p99Ms === undefined ? "" : `, p99 ≤ ${goal.p99Ms} ms`);

function tableLine(row: Measured, floorPerSecond: number): string {
  const f = row.figures;
  const ratio = `${(f.perSecond / floorPerSecond).toFixed(2)} of floor`;
  const goal = row.goal ? `  goal ${describeGoal(row.goal)}: ${met(f, row.goal) ? "ok" : "below goal"}` : "";
  return (
    row.name.padEnd(34) +
    int(f.perSecond).padStart(9) +
    ms(f.p50).padStart(11) +
    ms(f.p99).padStart(11) +
    int(errorCount(row.result)).padStart(8) +
    ratio.padStart(16) +
    goal
  );
}

function cpuLine(name: string, result: LoadResult<unknown>): string {
  if (!result.cpu || result.completed === 0) return `${name.padEnd(34)} n/a`;
  const perRequest = (seconds: number) => `${((seconds * 1000) / result.completed).toFixed(2)} ms`;
  const cores = (seconds: number) => (seconds / (result.wallMs / 1000)).toFixed(2);
  const { server, postgres, client } = result.cpu;
  return (
    name.padEnd(34) +
    `server ${perRequest(server)} · PostgreSQL ${perRequest(postgres)} · clients ${perRequest(client)}` +
    `  (cores busy: server ${cores(server)} · PostgreSQL ${cores(postgres)} · clients ${cores(client)})`
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
  let app: NodeProcess | undefined;
  let floor: NodeProcess | undefined;
  let db: pg.Client | undefined;
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-bench-pages-"));
  const client = httpClient(CONCURRENCY);
  const stopAll = async () => {
    if (floor) await stopChild(floor);
    if (app) await stopChild(app);
    client.close();
    await db?.end().catch(() => undefined);
    await disconnectPrisma();
    await database?.stop();
    fs.rmSync(floorDir, { recursive: true, force: true });
  };
  stopOnSignal(stopAll);
  try {
    say(
      `pages bench: ${CONCURRENCY} clients (http), ${SECONDS} s measured per page after ` +
        `${WARMUP_SECONDS} s warm-up, ${os.cpus().length} CPUs, Node ${process.versions.node}`,
    );
    const setupStarted = performance.now();
    database = await startBenchDatabase();
    const clusterDir = path.join(database.dir, "cluster");
    await seedDatabase(getPrisma());
    const campaign = await getPrisma().campaign.findUniqueOrThrow({
      where: { slug: CAMPAIGN_SLUG },
      select: { id: true, status: true },
    });
    if (campaign.status !== "live") throw new Error(`${CAMPAIGN_SLUG} is ${campaign.status}, not live`);
    const { id: voteId } = await seededAgendaVote();
    for (const target of TARGETS)
      for (const page of target.pages) page.path = page.path.replace(SEEDED_VOTE, voteId);
    await disconnectPrisma();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();

    const appPort = await freePort();
    const nodeArgs = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
    app = startChild(
      "the app",
      [...productionNodeFlags("start"), ...nodeArgs, BUILT_SERVER],
      benchAppEnv(appPort, database.url),
    );
    await waitForHttp(`http://127.0.0.1:${appPort}/healthz`, app);
    const campaignPath = campaignPages[0]!.path;
    const token = await fetchFormToken(`http://127.0.0.1:${appPort}${campaignPath}`);

    // Each page once, as the clients will ask for it: what comes back, and how big.
    say(`set up: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (database, seed, app)`);
    for (const target of TARGETS) {
      for (const page of target.pages) {
        const reply = await getRaw(appPort, page.path, page.headers);
        say(
          `  GET ${page.path} [${page.headers["accept-language"]!.slice(0, 2)}] → ${reply.status}` +
            `${reply.status === target.status ? "" : ` (expected ${target.status})`}, ` +
            `${reply.headers["content-encoding"] ?? "identity"}, ${int(reply.body.length)} bytes`,
        );
      }
    }

    // The floor's body: the campaign page as the app gzips it (gzipped here if it did not).
    const page = await getRaw(appPort, campaignPath, { ...browserHeaders("en"), "accept-encoding": "gzip" });
    if (page.status !== 200) throw new Error(`${campaignPath} answered ${page.status}`);
    const gzipped = page.headers["content-encoding"] === "gzip";
    const floorBody = gzipped ? page.body : gzipSync(page.body);
    const floorBodyFile = path.join(floorDir, "campaign-page.html.gz");
    fs.writeFileSync(floorBodyFile, floorBody);
    say(
      `floor body: ${campaignPath}, ${int(floorBody.length)} bytes gzip ` +
        `(${int(gunzipSync(floorBody).length)} bytes of HTML` +
        `${gzipped ? "" : `; the app sent it ${page.headers["content-encoding"] ?? "uncompressed"}, gzipped here`})`,
    );

    // The floor first, while the app sits idle, with the campaign page's requests.
    const floorPort = await freePort();
    floor = startChild("the floor server", ["-e", FLOOR_SERVER], {
      ...process.env,
      FLOOR_BODY_FILE: floorBodyFile,
      FLOOR_PORT: String(floorPort),
    });
    await waitForHttp(`http://127.0.0.1:${floorPort}/`, floor);
    const floorPid = floor.pid;
    const floorTarget: Target = { ...CAMPAIGN_TARGET, name: "floor (node:http, stored gzip)" };
    const floorResult = await measureLoad(
      "floor",
      SHAPE,
      readingAttempt(client, floorPort, floorTarget),
      () => countCpu(floorPid, clusterDir),
    );
    await mustBeRunning(floor);
    await stopChild(floor);
    floor = undefined;

    const appPid = app.pid;
    const measured: Measured[] = [];
    for (const target of TARGETS) {
      const result = await measureLoad(target.name, SHAPE, readingAttempt(client, appPort, target), () =>
        countCpu(appPid, clusterDir),
      );
      measured.push({ name: target.name, result, figures: figures(result), goal: target.goal });
      await mustBeRunning(app);
    }

    // Readers and signers at once.
    await waitUntilFilled(token);
    let n = 0;
    const signing = signingAttempt({
      client,
      port: appPort,
      path: campaignPath,
      token,
      emailDomains: EMAIL_DOMAINS,
      next: () => n++,
    });
    const reading = readingAttempt(client, appPort, CAMPAIGN_TARGET);
    const mixedRun = (seconds: number) =>
      Promise.all([runLoad(READERS, seconds, reading), runLoad(SIGNERS, seconds, signing)]);
    const signed: string[] = [];
    if (WARMUP_SECONDS > 0) {
      const [warmReads, warmSigns] = await mixedRun(WARMUP_SECONDS);
      signed.push(...warmSigns.accepted);
      say(
        `mixed: warm-up ${int(warmReads.completed)} page views and ${int(warmSigns.completed)} ` +
          `signatures in ${(warmReads.wallMs / 1000).toFixed(1)} s`,
      );
    }
    const mixedCpu = countCpu(appPid, clusterDir);
    const [reads, signs] = await mixedRun(SECONDS);
    const mixedCpuUse: CpuUse = mixedCpu();
    await mustBeRunning(app);
    signed.push(...signs.accepted);
    const slowQueries = app.linesWith("slow query");
    const errorLines = app.linesWith('"level":"error"');

    // Every signature the app answered with its 302 must be in the database.
    const { rows } = await db.query<{ found: number; flagged: number; reasons: string | null }>(
      `SELECT count(*)::int AS found, count(*) FILTER (WHERE flagged)::int AS flagged,
         string_agg(DISTINCT flag_reason, ', ') AS reasons
       FROM signatures WHERE campaign_id = $1::uuid AND email = ANY($2::text[])`,
      [campaign.id, signed],
    );
    const { found, flagged, reasons } = rows[0]!;
    const missing = signed.length - found;

    await stopChild(app);
    app = undefined;

    const floorFigures = figures(floorResult);
    const floorRow: Measured = { name: floorTarget.name, result: floorResult, figures: floorFigures };
    say("");
    say(`== public pages: built app, ${CONCURRENCY} clients, ${SECONDS} s each ==`);
    say(
      "target".padEnd(34) +
        "views/s".padStart(9) +
        "p50".padStart(11) +
        "p99".padStart(11) +
        "errors".padStart(8) +
        "vs floor".padStart(16),
    );
    for (const row of [floorRow, ...measured]) say(tableLine(row, floorFigures.perSecond));
    for (const row of [floorRow, ...measured])
      for (const [outcome, count] of row.result.errors)
        say(`  error: ${row.name}: ${int(count)} × ${outcome}`);

    const readFigures = figures(reads);
    const signFigures = figures(signs);
    const alone = measured[0]!.figures;
    say("");
    say(
      `== mixed: ${READERS} readers of the campaign page (en, ko, ja) and ${SIGNERS} signers, ${SECONDS} s ==`,
    );
    say(
      `page views:`.padEnd(18) +
        `${int(readFigures.perSecond)}/s, p50 ${ms(readFigures.p50)}, p99 ${ms(readFigures.p99)}, ` +
        `${int(errorCount(reads))} errors (alone: ${int(alone.perSecond)}/s, p99 ${ms(alone.p99)}; ` +
        `${(readFigures.perSecond / floorFigures.perSecond).toFixed(2)} of floor)`,
    );
    say(
      `signatures:`.padEnd(18) +
        `${int(signFigures.perSecond)}/s, p50 ${ms(signFigures.p50)}, p99 ${ms(signFigures.p99)}, ` +
        `${int(errorCount(signs))} errors`,
    );
    for (const [outcome, count] of reads.errors) say(`  error: page views: ${int(count)} × ${outcome}`);
    for (const [outcome, count] of signs.errors) say(`  error: signatures: ${int(count)} × ${outcome}`);
    say(
      `in database:`.padEnd(18) +
        `${int(found)} of ${int(signed.length)} accepted signatures found (warm-up included), ` +
        `${int(missing)} missing, ${int(flagged)} flagged${reasons ? ` (${reasons})` : ""}`,
    );
    say(`server log:`.padEnd(18) + `${int(slowQueries)} slow-query warnings, ${int(errorLines)} errors`);

    say("");
    say(`== CPU per request (from /proc) ==`);
    say(cpuLine(floorRow.name, floorResult));
    for (const row of measured) say(cpuLine(row.name, row.result));
    say(
      cpuLine("mixed (views and signatures)", {
        ...reads,
        completed: reads.completed + signs.completed,
        cpu: mixedCpuUse,
      }),
    );
    if (CPU_PROF_DIR) say(`cpu profile: ${path.resolve(CPU_PROF_DIR)}`);

    if (flagged > 0)
      say(`note: ${int(flagged)} accepted signatures were flagged, so this was not a realistic signer mix`);

    const problems: string[] = [];
    const errors = [floorRow, ...measured].reduce((sum, row) => sum + errorCount(row.result), 0);
    const mixedErrors = errorCount(reads) + errorCount(signs);
    if (errors + mixedErrors > 0) problems.push(`${errors + mixedErrors} requests had an unexpected reply`);
    if (signed.length === 0) problems.push("the app accepted no signature");
    if (missing !== 0) problems.push(`${missing} accepted signatures are missing from the database`);
    if (problems.length > 0) {
      say(`FAIL: ${problems.join("; ")}`);
      return 1;
    }
    say(
      "OK: no unexpected reply, every accepted signature is in the database (speed goals are not asserted)",
    );
    return 0;
  } finally {
    await stopAll();
  }
}

runBench(main);
