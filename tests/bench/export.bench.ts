// `npm run bench:export`: exporting a campaign's signatures as CSV from the built app
// (`node build/server/start.js`), through the real route with a signed-in owner's session, with
// BENCH_SIGNATURES rows (default 1,000,000) seeded straight into a throwaway embedded PostgreSQL
// by generate_series. The client reads the body to its end and checks the row count; the app's
// resident memory is sampled every 20 ms throughout. Reports the time, rows/s, MB/s and the app's
// peak RSS (goal: under 200 MB, i.e. constant memory), against a floor measured in the same run:
// the same rows read by this process through a plain server-side cursor in batches of the same
// size (PostgreSQL and the driver, without CSV, HTTP or the app). Goals are printed, not asserted;
// the exit code is 1 only when rows are missing or the export fails. Needs `npm run build`.
//
//   BENCH_SIGNATURES=200_000 npm run bench:export
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { EXPORT_BATCH_SIZE } from "~/models/export.server";
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
import { freePort } from "../support/ports";
import { startNodeProcess, stopNodeProcess, type NodeProcess } from "../support/processes";
import { createStaffUser, signedInAs } from "../support/staff";

const SIGNATURES = positiveInteger("BENCH_SIGNATURES", 1_000_000);
const RSS_GOAL_MIB = 200;
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

/** The floor: the same columns read through a server-side cursor, batch by batch, and dropped. */
async function readWithCursor(url: string, campaignId: string): Promise<{ rows: number; ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  let rows = 0;
  try {
    await client.query("BEGIN");
    await client.query(
      `DECLARE floor NO SCROLL CURSOR FOR
       SELECT id::text, name, email, status::text, flagged, flag_reason, country_iso3, from_dprk,
         display_choice::text, locale::text, wants_updates,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(withdrawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
       FROM signatures WHERE campaign_id = $1::uuid ORDER BY id`.replace("$1::uuid", `'${campaignId}'::uuid`),
    );
    for (;;) {
      const batch = await client.query(`FETCH ${EXPORT_BATCH_SIZE} FROM floor`);
      if (batch.rowCount === 0) break;
      rows += batch.rowCount ?? 0;
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return { rows, ms: performance.now() - started };
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
  say(`bench:export — ${SIGNATURES.toLocaleString("en")} signatures, batches of ${EXPORT_BATCH_SIZE}`);
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
      [BUILT_SERVER],
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

    const floor = await readWithCursor(database.url, campaign.id);
    say(`floor (cursor read, no CSV/HTTP): ${floor.rows.toLocaleString("en")} rows in ${seconds(floor.ms)}`);

    const idleRss = procStatusKiB(app.pid, "VmRSS");
    const result = await download(
      `http://127.0.0.1:${port}/admin/campaigns/${campaign.id}/export.csv`,
      session.cookie,
      app.pid,
    );
    const rows = result.lines - 1;
    const rowsPerSecond = rows / (result.ms / 1000);
    const floorPerSecond = floor.rows / (floor.ms / 1000);
    const peakMib = result.peakRssKiB / 1024;
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
      `  app RSS       idle ${mib(idleRss)}, peak during export ${mib(result.peakRssKiB)}  ${peakMib < RSS_GOAL_MIB ? "ok" : "above goal"} (goal < ${RSS_GOAL_MIB} MiB)`,
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
