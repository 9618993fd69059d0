// Small helpers shared by the benchmarks in tests/bench.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "~/server/embedded-database.server";
import { applyMigrations } from "~/server/prepare-database.server";
import { setDatabaseUrl } from "~/utils/env.server";

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
