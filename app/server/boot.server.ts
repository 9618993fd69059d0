import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "~/server/embedded-database.server";
import { applyMigrations } from "~/server/prepare-database.server";
import { JOBS } from "~/jobs/registry.server";
import { startWorker, type RunningWorker } from "~/services/worker.server";
import { getPrisma } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import { EnvError, getEnv, isLoopbackHost, setDatabaseUrl, type Env } from "~/utils/env.server";
import { seedDatabase } from "../../prisma/seed";

/**
 * The validated environment, or a clear message naming each bad variable and exit code 1.
 * A `.env` file in the project folder is read first; variables already set take precedence.
 */
export function loadEnvOrExit(): Env {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  useLocalSecretIfUnset();
  try {
    return getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(error.message + "\n");
    process.exit(1);
  }
}

/**
 * `npm start` on one's own machine (production build, loopback HOST) with no APP_SECRET: a secret
 * made once for this installation and kept under DATA_DIR, never a value anyone else knows, so
 * links and tokens stay valid across restarts. A server others can reach must set its own.
 */
function useLocalSecretIfUnset(): void {
  const { NODE_ENV, APP_SECRET, HOST = "127.0.0.1", DATA_DIR = ".data" } = process.env;
  if (NODE_ENV !== "production" || APP_SECRET || !isLoopbackHost(HOST)) return;
  const file = path.join(DATA_DIR, "local-app-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  }
  process.env.APP_SECRET = fs.readFileSync(file, "utf8").trim();
  log.warn(`LOCAL: no APP_SECRET, so this machine's own is used (${file}); a public server must set one`);
}

/** A production demo says so loudly in its log, as its pages do in a banner. */
export function warnIfProductionDemo(env: Env): void {
  if (env.demo.outbox) {
    log.warn(
      "DEMO: no RESEND_API_KEY, so no email is sent (kept in the outbox, shown only to signed-in owners and admins)",
    );
  }
  if (env.demo.embeddedDatabase) {
    log.warn(
      "DEMO: no DATABASE_URL, so data is kept in the embedded database under DATA_DIR; " +
        "do not collect real signatures here",
    );
  }
}

/**
 * The operator's DATABASE_URL, or else the embedded PostgreSQL under DATA_DIR, started (or reused if
 * already running). `adoptRunning`: whether stopping it here also stops a cluster that was already
 * running; servers adopt one a killed process left behind, a command run beside `npm run dev` must not.
 */
export async function connectDatabase(
  env: Env,
  adoptRunning: boolean,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  const embedded = env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase({
        dir: path.join(env.DATA_DIR, "postgres"),
        port: env.EMBEDDED_DATABASE_PORT,
        database: "rollcall",
        adoptRunning,
      });
  const url = embedded?.url ?? env.DATABASE_URL!;
  setDatabaseUrl(url, { embedded: embedded !== undefined });
  return { url, embedded };
}

/**
 * With no DATABASE_URL, starts the embedded PostgreSQL under DATA_DIR, then brings its schema up
 * to date and seeds it. An operator's own database (DATABASE_URL) is left alone: its migrations
 * are applied deliberately, with `npm run db:deploy`.
 */
export async function startLocalDatabase(env: Env): Promise<EmbeddedDatabase | undefined> {
  if (env.DATABASE_URL) return undefined;
  const { url, embedded } = await connectDatabase(env, true);
  try {
    await prepareDatabase(url);
    log.info("embedded database ready", { dir: path.join(env.DATA_DIR, "postgres"), port: embedded!.port });
    return embedded;
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl);
  await seedDatabase(getPrisma());
}

/** A worker for every registered job, on the database this process uses. */
export function startJobWorker(env: Env): Promise<RunningWorker> {
  return startWorker({
    databaseUrl: getEnv().DATABASE_URL!,
    jobs: JOBS,
    maxConcurrency: env.WORKER_CONCURRENCY,
    maintenanceIntervalSeconds: env.QUEUE_MAINTENANCE_SECONDS,
  });
}

/** The in-process worker, unless WORKER_MODE=off (separate `npm run worker` processes run jobs). */
export async function startInProcessWorker(env: Env): Promise<RunningWorker | undefined> {
  return env.WORKER_MODE === "off" ? undefined : startJobWorker(env);
}
