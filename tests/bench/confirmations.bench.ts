// `npm run bench:confirmations`: how fast the built worker (`npm run worker`) sends the
// confirmation emails of N fresh signatures (BENCH_SIGNATURES, default 20,000), as after a
// petition went viral, through the Resend stand-in with no latency and no rate limit. Each
// confirmation is its own job; the worker sends them in batches of up to 100 per request.
// Reports emails/s, requests, and checks that every signer got exactly one email. Uses a
// throwaway embedded PostgreSQL; needs `npm run build` first.
//
//   BENCH_SIGNATURES=5000 npm run bench:confirmations
//   BENCH_TIMEOUT_SECONDS=1800 npm run bench:confirmations   # give up after this long (default 600)
import { setTimeout as sleep } from "node:timers/promises";
import { signPetition } from "~/models/signature.server";
import type { EmbeddedDatabase } from "~/server/embedded-database.server";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { signerInput } from "../factories";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
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
import {
  sharedAppSecret,
  startWorkerProcess,
  stopWorkerProcess,
  workerEnv,
  type WorkerProcess,
} from "../support/fanout-fixture";

const API_KEY = "re_bench_rollcall_confirmations";
const SIGNATURES = positiveInteger("BENCH_SIGNATURES", 20_000);
const TIMEOUT_SECONDS = positiveInteger("BENCH_TIMEOUT_SECONDS", 600);
const CAMPAIGN_SLUG = "stop-forced-repatriation";
// Resend's default rate limit: what one worker could hand over at most, in requests a second.
const RESEND_DEFAULT_RPS = 2;

const signerEmail = (i: number) => `signer-${i}@bench${i % 1000}.example.org`;

async function signMany(campaignId: string): Promise<void> {
  const parallel = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < SIGNATURES; i = next++) {
        const countryIso3 = ["KOR", "JPN", "USA", null][i % 4]!;
        await signPetition(signerInput(campaignId, i, { email: signerEmail(i), countryIso3 }));
      }
    }),
  );
}

async function sentCount(): Promise<number> {
  return getPrisma().emailDelivery.count({ where: { kind: "signature-confirmation", status: "sent" } });
}

async function main(): Promise<number> {
  // The bench's own queries are slow by design; only errors are news.
  process.env.LOG_LEVEL ??= "error";
  const appSecret = sharedAppSecret();
  let database: EmbeddedDatabase | undefined;
  let standIn: ResendStandIn | undefined;
  let worker: WorkerProcess | undefined;
  try {
    const setupStarted = performance.now();
    database = await startBenchDatabase();
    await seedDatabase(getPrisma());
    standIn = await startResendStandIn({ apiKey: API_KEY, keepBodies: false });
    const campaign = await getPrisma().campaign.findUniqueOrThrow({ where: { slug: CAMPAIGN_SLUG } });
    const signingStarted = performance.now();
    await signMany(campaign.id);
    say(
      `set up: database ${seconds(signingStarted - setupStarted)}, ` +
        `${SIGNATURES.toLocaleString("en")} signatures ${seconds(performance.now() - signingStarted)}`,
    );

    const started = performance.now();
    worker = startWorkerProcess(
      workerEnv({
        databaseUrl: database.url,
        appSecret,
        resendUrl: standIn.url,
        resendApiKey: API_KEY,
      }),
    );
    const running = worker;
    let lastProgress = started;
    for (;;) {
      const sent = await sentCount();
      if (sent === SIGNATURES) break;
      if (!running.running()) {
        say(
          `FAIL: the worker exited (${await running.exited}) before every email was sent\n${running.output()}`,
        );
        return 1;
      }
      const now = performance.now();
      if (now - started > TIMEOUT_SECONDS * 1000) {
        say(
          `FAIL: ${sent.toLocaleString("en")} of ${SIGNATURES.toLocaleString("en")} sent after ${TIMEOUT_SECONDS} s`,
        );
        return 1;
      }
      if (now - lastProgress >= 10_000) {
        lastProgress = now;
        say(`  … ${seconds(now - started)}: ${sent.toLocaleString("en")} sent`);
      }
      await sleep(100);
    }
    const sentMs = performance.now() - started;
    // The jobs whose emails went out in another job's batch still run (and end at once).
    for (;;) {
      const [row] = await getPrisma().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'send-email' AND state < 'completed'`;
      if (row!.n === 0 || performance.now() - started > TIMEOUT_SECONDS * 1000) break;
      await sleep(100);
    }
    const drainedMs = performance.now() - started;
    const peakKiB = procStatusKiB(running.pid, "VmHWM");
    await stopWorkerProcess(running);
    worker = undefined;

    const batchRequests = standIn.requests.filter((r) => r.path === "/emails/batch").length;
    const singleRequests = standIn.requests.filter((r) => r.path === "/emails").length;
    const accepted = standIn.accepted.length;
    const perSecond = accepted / (sentMs / 1000);
    say(`signatures:        ${SIGNATURES.toLocaleString("en")}, one confirmation job each`);
    say(`all emails sent:   ${seconds(sentMs)} after the worker started: ${Math.round(perSecond)} emails/s`);
    say(`all jobs finished: ${seconds(drainedMs)}`);
    say(`requests:          ${batchRequests} batch, ${singleRequests} single`);
    say(
      `  at Resend's default ${RESEND_DEFAULT_RPS} requests/s: at most ${RESEND_DEFAULT_RPS * 100} emails/s`,
    );
    say(`worker peak RSS:   ${mib(peakKiB)} (VmHWM)`);

    const signers = Array.from({ length: SIGNATURES }, (_, i) => signerEmail(i));
    const problems = deliveryProblems(signers, standIn.acceptedCountsByRecipient(), accepted);
    if (problems.length > 0) {
      say(`FAIL: ${problems.join("; ")}`);
      return 1;
    }
    say("OK: every signer got exactly one confirmation email");
    return 0;
  } finally {
    if (worker) await stopWorkerProcess(worker, 10_000);
    await standIn?.close();
    await disconnectPrisma();
    await database?.stop();
  }
}

runBench(main);
