// Small helpers shared by the benchmarks in tests/bench.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "~/server/embedded-database.server";
import { applyMigrations } from "~/server/prepare-database.server";
import { setDatabaseUrl } from "~/utils/env.server";
import { randomAppSecret } from "./fanout-fixture";

/** A whole number ≥ 1 from the environment (underscores allowed: 100_000), or the fallback. */
export function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM), or undefined once the process is gone. */
export function procStatusKiB(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

// CPU time, from /proc (Linux): where the machine's cores went during a measured run.
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, or undefined when it is gone (or not on Linux). */
export function cpuSeconds(pid: number): number | undefined {
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

export type CpuUse = { server: number; postgres: number; client: number };

/**
 * Starts counting the CPU of the server `serverPid`, of the PostgreSQL cluster in `dataDir` and of
 * this process (the clients); the function it returns gives the seconds each used since.
 */
export function countCpu(serverPid: number, dataDir: string): () => CpuUse {
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

export const mib = (kib: number | undefined) =>
  kib === undefined ? "n/a" : `${(kib / 1024).toFixed(1)} MiB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const say = (line: string) => process.stdout.write(line + "\n");

/**
 * A throwaway embedded PostgreSQL, migrated and made this process's database. `dir` is its folder
 * (the cluster is in `dir/cluster`).
 */
export async function startBenchDatabase(): Promise<EmbeddedDatabase & { dir: string }> {
  const dir = path.join(os.tmpdir(), `rollcall-bench-${randomUUID()}`);
  const database = await startEmbeddedDatabase({
    dir,
    port: 20_000 + Math.floor(Math.random() * 20_000),
    database: "bench",
    ephemeral: true,
  });
  await applyMigrations(database.url);
  setDatabaseUrl(database.url);
  return { ...database, dir };
}

/** Logged lines of the built app worth counting in a bench: slow queries and errors. */
export const APP_WATCHED_LINES = ["slow query", '"level":"error"'];

/** The built app's environment in the web benches: production, on `port`, with `databaseUrl`. */
export function benchAppEnv(port: number, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    APP_SECRET: randomAppSecret(),
    APP_URL: `http://127.0.0.1:${port}`,
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
  };
}

/**
 * Problems with what the Resend stand-in accepted: anyone expected who got nothing or more than
 * one message, and any difference in the total.
 */
export function deliveryProblems(
  expected: string[],
  countsByRecipient: Map<string, number>,
  accepted: number,
) {
  const problems: string[] = [];
  if (accepted !== expected.length)
    problems.push(`${accepted} messages accepted for ${expected.length} recipients`);
  const twice = [...countsByRecipient.values()].filter((n) => n > 1).length;
  if (twice > 0) problems.push(`${twice} recipients got more than one message`);
  const missing = expected.filter((email) => !countsByRecipient.has(email)).length;
  if (missing > 0) problems.push(`${missing} recipients got nothing`);
  return problems;
}

/** Runs a benchmark's main function and exits with its code (1 and the error if it throws). */
export function runBench(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      say(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

/** Ctrl-C or a kill stops what a bench started (`stopAll`) before it exits, instead of leaking it. */
export function stopOnSignal(stopAll: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    say(`\n${signal}: stopping`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
