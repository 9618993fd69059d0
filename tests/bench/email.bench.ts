// `npm run bench:email`: how fast the built worker (`npm run worker`) fans an update out to N
// subscribers (BENCH_RECIPIENTS, default 100,000) through the Resend stand-in with no latency, and
// how much memory it takes. Uses a throwaway embedded PostgreSQL; needs `npm run build` first.
//
//   BENCH_RECIPIENTS=10000 npm run bench:email
//   BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:email     # also writes the worker's .cpuprofile
//   BENCH_TIMEOUT_SECONDS=1800 npm run bench:email       # give up after this long (default 900)
//   BENCH_KILL_AT_PERCENT=50 npm run bench:email         # SIGKILL the worker once half are accepted,
//                                                        # start a new one, and check nobody got two
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startUpdateSend } from "~/models/update-send.server";
import type { EmbeddedDatabase } from "~/server/embedded-database.server";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
import {
  BUILT_WORKER,
  createUpdateWithSubscribers,
  randomAppSecret,
  startWorkerProcess,
  stopWorkerProcess,
  workerEnv,
  type WorkerProcess,
} from "../support/fanout-fixture";
import {
  deliveryProblems,
  mib,
  positiveInteger,
  procStatusKiB,
  runBench,
  say,
  seconds,
  startBenchDatabase,
} from "../support/bench";

const API_KEY = "re_bench_rollcall_email";

const RECIPIENTS = positiveInteger("BENCH_RECIPIENTS", 100_000);
const TIMEOUT_SECONDS = positiveInteger("BENCH_TIMEOUT_SECONDS", 900);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const KILL_AT_PERCENT = Number(process.env.BENCH_KILL_AT_PERCENT ?? 0);

async function sentCount(updateId: string): Promise<number> {
  return getPrisma().emailDelivery.count({ where: { updateId, status: "sent" } });
}

async function main(): Promise<number> {
  if (!fs.existsSync(BUILT_WORKER)) {
    say(`FAIL: ${path.relative(process.cwd(), BUILT_WORKER)} is missing: run npm run build first`);
    return 1;
  }
  // The bench's own queries (100,000 rows at once) are slow by design; only errors are news.
  process.env.LOG_LEVEL ??= "error";
  let database: EmbeddedDatabase | undefined;
  let standIn: ResendStandIn | undefined;
  let worker: WorkerProcess | undefined;
  try {
    const setupStarted = performance.now();
    database = await startBenchDatabase();
    standIn = await startResendStandIn({ apiKey: API_KEY, keepBodies: false });

    const fixtureStarted = performance.now();
    const { updateId, emails } = await createUpdateWithSubscribers(RECIPIENTS);
    say(
      `set up: database ${seconds(fixtureStarted - setupStarted)}, ` +
        `${RECIPIENTS.toLocaleString("en")} subscribers ${seconds(performance.now() - fixtureStarted)}`,
    );
    if (!(await startUpdateSend(updateId))) throw new Error("startUpdateSend did not start the send");

    const nodeArgs = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
    const started = performance.now();
    const env = workerEnv({
      databaseUrl: database.url,
      appSecret: randomAppSecret(),
      resendUrl: standIn.url,
      resendApiKey: API_KEY,
    });
    worker = startWorkerProcess(env, nodeArgs);
    let running = worker;
    // A crash mid-send (BENCH_KILL_AT_PERCENT): the worker is killed with no chance to clean up,
    // and a new one must finish the send without anyone getting a second copy.
    const killAt = KILL_AT_PERCENT > 0 ? Math.ceil((RECIPIENTS * KILL_AT_PERCENT) / 100) : Infinity;
    let killedAt: { accepted: number; ms: number } | undefined;
    let killedPeakKiB = 0;

    let maxRssKiB = 0;
    const rssSampler = setInterval(() => {
      maxRssKiB = Math.max(maxRssKiB, procStatusKiB(running.pid, "VmRSS") ?? 0);
    }, 200);

    let plannedAfterMs: number | undefined;
    let lastProgress = started;
    const deadline = started + TIMEOUT_SECONDS * 1000;
    let status = "sending";
    try {
      for (;;) {
        const update = await getPrisma().update.findUniqueOrThrow({
          where: { id: updateId },
          select: { status: true, deliveriesPlannedAt: true },
        });
        status = update.status;
        if (!killedAt && standIn.accepted.length >= killAt) {
          killedPeakKiB = procStatusKiB(running.pid, "VmHWM") ?? 0;
          killedAt = { accepted: standIn.accepted.length, ms: performance.now() - started };
          process.kill(running.pid, "SIGKILL");
          await running.exited;
          say(
            `  killed the worker (SIGKILL) at ${killedAt.accepted.toLocaleString("en")} accepted; starting a new one`,
          );
          worker = startWorkerProcess(env, nodeArgs);
          running = worker;
          continue;
        }
        if (plannedAfterMs === undefined && update.deliveriesPlannedAt)
          plannedAfterMs = performance.now() - started;
        if (status === "sent") break;
        if (!running.running()) {
          say(
            `FAIL: the worker exited (${await running.exited}) before the update was sent\n${running.output()}`,
          );
          return 1;
        }
        const now = performance.now();
        if (now > deadline) {
          say(
            `FAIL: not sent after ${TIMEOUT_SECONDS} s (BENCH_TIMEOUT_SECONDS): ` +
              `${(await sentCount(updateId)).toLocaleString("en")} of ${RECIPIENTS.toLocaleString("en")} sent`,
          );
          return 1;
        }
        if (now - lastProgress >= 10_000) {
          lastProgress = now;
          say(
            `  … ${seconds(now - started)}: ${standIn.accepted.length.toLocaleString("en")} accepted, ` +
              `worker RSS ${mib(procStatusKiB(running.pid, "VmRSS"))}`,
          );
        }
        await sleep(100);
      }
    } finally {
      clearInterval(rssSampler);
    }
    const wallMs = performance.now() - started;
    const peakKiB = Math.max(procStatusKiB(running.pid, "VmHWM") ?? 0, killedPeakKiB);
    maxRssKiB = Math.max(maxRssKiB, procStatusKiB(running.pid, "VmRSS") ?? 0);
    const exit = await stopWorkerProcess(running);
    worker = undefined;

    const jobRuns = await getPrisma().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'send-update'`;
    const batchRequests = standIn.requests.filter((r) => r.path === "/emails/batch").length;
    const accepted = standIn.accepted.length;
    say(`recipients:             ${RECIPIENTS.toLocaleString("en")}`);
    say(`wall time:              ${seconds(wallMs)} (worker start → update sent)`);
    if (plannedAfterMs !== undefined) say(`  deliveries planned by: ${seconds(plannedAfterMs)}`);
    if (killedAt) {
      say(
        `  killed at:            ${killedAt.accepted.toLocaleString("en")} accepted, ${seconds(killedAt.ms)}; ` +
          `batches re-sent with their stored key: ${standIn.requests.filter((r) => r.path === "/emails/batch").length - Math.ceil(RECIPIENTS / 100)}`,
      );
    }
    say(`messages/s:             ${Math.round(accepted / (wallMs / 1000)).toLocaleString("en")}`);
    say(
      `batch requests:         ${batchRequests.toLocaleString("en")} (in ${jobRuns[0]?.n ?? "?"} job runs)`,
    );
    say(`worker peak RSS:        ${mib(peakKiB)} (VmHWM); max VmRSS seen every 200 ms: ${mib(maxRssKiB)}`);
    if (exit !== 0) say(`note: the worker exited with ${exit} on SIGTERM\n${running.output()}`);
    if (CPU_PROF_DIR) say(`cpu profile:            ${path.resolve(CPU_PROF_DIR)}`);

    const problems = deliveryProblems(emails, standIn.acceptedCountsByRecipient(), accepted);
    if (problems.length > 0) {
      say(`FAIL: ${problems.join("; ")}`);
      return 1;
    }
    say("OK: every recipient got exactly one message");
    return 0;
  } finally {
    if (worker) await stopWorkerProcess(worker, 10_000);
    await standIn?.close();
    await disconnectPrisma();
    await database?.stop();
  }
}

runBench(main);
