// `npm run bench:export`: exporting a campaign's signatures as CSV from the built app
// (`node build/server/start.js`), through the real route with a signed-in owner's session, with
// BENCH_SIGNATURES rows (default 1,000,000) seeded straight into a throwaway embedded PostgreSQL
// by generate_series. The client reads the body to its end and checks the row count; the app's
// resident memory is sampled every 20 ms throughout. Reports the time, rows/s, MB/s and the app's
// peak RSS (goal: under 200 MB, i.e. constant memory), against a floor measured in the same run:
// PostgreSQL writing the same rows as CSV, read by this process with COPY (the database and the
// driver, without the app, the export's rules or HTTP). Goals are printed, not asserted;
// the exit code is 1 only when rows are missing or the export fails. Needs `npm run build`.
//
//   BENCH_SIGNATURES=200_000 npm run bench:export
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { randomAppSecret } from "../support/fanout-fixture";
import {
  APP_WATCHED_LINES,
  benchAppEnv,
  mib,
  positiveInteger,
  procStatusKiB,
  runBench,
  say,
  seconds,
  startBenchDatabase,
  stopOnSignal,
} from "../support/bench";
import { productionNodeFlags } from "../support/node-flags";
import { freePort } from "../support/ports";
import { startNodeProcess, stopNodeProcess, type NodeProcess } from "../support/processes";
import { createStaffUser, signedInAs } from "../support/staff";

const SIGNATURES = positiveInteger("BENCH_SIGNATURES", 1_000_000);
// The goal is in megabytes: 200 MB is 190.7 MiB.
const RSS_GOAL_BYTES = 200_000_000;
const BUILT_SERVER = path.resolve("build/server/start.js");

/** A million varied signers in one statement: Korean, Japanese and Latin names, a few hostile. */
async function seedSignatures(url: string, campaignId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO signatures (id, campaign_id, name, email, email_key, country_iso3, display_choice,
         from_dprk, locale, wants_updates, flagged, status, created_at, confirmed_at, ip_hash)
       SELECT gen_random_uuid(), $1::uuid,
         CASE n % 4 WHEN 0 THEN '김민준 ' || n WHEN 1 THEN '山田 太郎 ' || n WHEN 2 THEN 'Jane Doe ' || n
           ELSE '=HYPERLINK("x",' || n || ')' END,
         'signer-' || n || '@bench' || (n % 1000) || '.example.org', 'bench-key-' || n,
         (ARRAY['KOR','JPN','USA','FRA','PRK',NULL])[1 + n % 6],
         (ARRAY['full_name','initials','anonymous'])[1 + n % 3]::"DisplayChoice",
         n % 6 = 4, (ARRAY['en','ko','ja'])[1 + n % 3]::"Locale", n % 2 = 0, n % 50 = 0,
         CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'confirmed' END::"SignatureStatus",
         now() - (n || ' seconds')::interval,
         CASE WHEN n % 10 = 0 THEN NULL ELSE now() - (n || ' seconds')::interval + interval '5 minutes' END,
         'hash-' || n
       FROM generate_series(1, $2::int) AS n`,
      [campaignId, SIGNATURES],
    );
    await client.query("ANALYZE signatures");
  } finally {
    await client.end();
  }
}

/**
 * The floor: PostgreSQL writing the same campaign's rows as CSV (COPY, all columns, unordered),
 * read by this process and dropped: the database and the driver, without the app, the export's
 * rules or HTTP.
 */
async function readWithCopy(url: string, campaignId: string): Promise<{ rows: number; ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    const copy = client.query(
      copyTo(
        `COPY (SELECT * FROM signatures WHERE campaign_id = '${campaignId}'::uuid) TO STDOUT WITH (FORMAT csv)`,
      ),
    );
    for await (const chunk of copy) void chunk;
    return { rows: copy.rowCount, ms: performance.now() - started };
  } finally {
    await client.end();
  }
}

type Download = { status: number; bytes: number; lines: number; ms: number; peakRssKiB: number };

/** GETs `url` with the owner's cookie, reads to the end, and samples the app's RSS meanwhile. */
function download(url: string, cookie: string, appPid: number): Promise<Download> {
  return new Promise((resolve, reject) => {
    let peakRssKiB = 0;
    const sample = () => (peakRssKiB = Math.max(peakRssKiB, procStatusKiB(appPid, "VmRSS") ?? 0));
    const sampler = setInterval(sample, 20);
    const started = performance.now();
    const request = http.get(url, { headers: { cookie }, agent: false }, (response) => {
      let bytes = 0;
      let lines = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      response.once("end", () => {
        clearInterval(sampler);
        sample();
        resolve({
          status: response.statusCode ?? 0,
          bytes,
          lines,
          ms: performance.now() - started,
          peakRssKiB,
        });
      });
      response.once("error", reject);
    });
    request.once("error", (error) => {
      clearInterval(sampler);
      reject(error);
    });
  });
}

async function main(): Promise<number> {
  const port = await freePort();
  // The session cookie is made here and read by the app: both need the same secret and origin.
  process.env.APP_SECRET = randomAppSecret();
  process.env.APP_URL = `http://127.0.0.1:${port}`;
  say(`bench:export — ${SIGNATURES.toLocaleString("en")} signatures`);
  const database = await startBenchDatabase();
  let app: NodeProcess | undefined;
  const stopAll = async () => {
    if (app) await stopNodeProcess(app, 15_000);
    await disconnectPrisma();
    await database.stop();
  };
  stopOnSignal(stopAll);
  try {
    const prisma = getPrisma();
    await seedDatabase(prisma);
    const campaign = await prisma.campaign.create({
      data: { slug: "bench-export", status: "live", signatureGoal: SIGNATURES, publishedAt: new Date() },
    });
    let started = performance.now();
    await seedSignatures(database.url, campaign.id);
    say(`seeded in ${seconds(performance.now() - started)}`);
    const owner = await createStaffUser("owner");
    const session = await signedInAs(owner.id);

    app = startNodeProcess(
      "the app",
      [...productionNodeFlags("start"), BUILT_SERVER],
      { ...benchAppEnv(port, database.url), APP_SECRET: process.env.APP_SECRET },
      APP_WATCHED_LINES,
    );
    for (started = performance.now(); ;) {
      if (!app.running()) throw new Error(`the app exited:\n${app.output()}`);
      if (performance.now() - started > 30_000) throw new Error(`the app did not start:\n${app.output()}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const floor = await readWithCopy(database.url, campaign.id);
    say(
      `floor (COPY read by the bench, no app/HTTP): ${floor.rows.toLocaleString("en")} rows in ${seconds(floor.ms)}`,
    );

    const startedRss = procStatusKiB(app.pid, "VmRSS");
    // One signed-in staff page first, so "idle" includes what any first request loads (Prisma's
    // engine, the staff catalogue) and the difference to the peak is the export's own.
    const warmUp = await fetch(`http://127.0.0.1:${port}/admin`, { headers: { cookie: session.cookie } });
    await warmUp.arrayBuffer();
    const idleRss = procStatusKiB(app.pid, "VmRSS");
    const result = await download(
      `http://127.0.0.1:${port}/admin/campaigns/${campaign.id}/export.csv`,
      session.cookie,
      app.pid,
    );
    const rows = result.lines - 1;
    const rowsPerSecond = rows / (result.ms / 1000);
    const floorPerSecond = floor.rows / (floor.ms / 1000);
    const peakBytes = result.peakRssKiB * 1024;
    say("");
    say(`export: HTTP ${result.status}, ${rows.toLocaleString("en")} rows, ${mib(result.bytes / 1024)}`);
    say(`  time          ${seconds(result.ms)}`);
    say(
      `  rows/s        ${Math.round(rowsPerSecond).toLocaleString("en")}  (${(result.bytes / 1048576 / (result.ms / 1000)).toFixed(1)} MiB/s)`,
    );
    say(
      `  floor rows/s  ${Math.round(floorPerSecond).toLocaleString("en")}  → export at ${((rowsPerSecond / floorPerSecond) * 100).toFixed(0)}% of the floor`,
    );
    say(
      `  app RSS       started ${mib(startedRss)}, idle after one staff page ${mib(idleRss)}, peak during export ${mib(result.peakRssKiB)}  = ${(peakBytes / 1e6).toFixed(0)} MB  ${peakBytes < RSS_GOAL_BYTES ? "ok" : "above goal"} (goal < 200 MB)`,
    );
    say(
      `  app log       ${app.linesWith("slow query")} slow queries, ${app.linesWith('"level":"error"')} errors`,
    );
    if (result.status !== 200 || rows !== SIGNATURES) {
      say(`FAIL: expected ${SIGNATURES} rows with HTTP 200`);
      return 1;
    }
    return 0;
  } finally {
    await stopAll();
  }
}

runBench(main);
