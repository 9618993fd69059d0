import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { JOBS } from "~/jobs/registry.server";
import { installQueues } from "~/services/queue.server";

/**
 * NODE_OPTIONS for a child process: the caller's own, plus `--require preload`, quoted so that a
 * project path with spaces (or quotes) stays one argument.
 */
export function nodeOptionsWithPreload(existing: string | undefined, preload: string): string {
  const quoted = `"${preload.replace(/["\\]/g, "\\$&")}"`;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(" ");
}

/**
 * Runs a Prisma CLI command against `databaseUrl`. With `echo`, its output goes to the terminal
 * (for commands a developer runs); otherwise it is kept and shown only if the command fails.
 */
export async function runPrisma(args: string[], databaseUrl: string, echo = false): Promise<void> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  // The preload lets the Wasm schema engine's CLI exit as soon as it is done (docs/decisions/0002).
  const preload = path.resolve("prisma/unref-long-timers.cjs");
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_OPTIONS: nodeOptionsWithPreload(process.env.NODE_OPTIONS, preload),
  };
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: echo ? "inherit" : "pipe" });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`prisma ${args.join(" ")} failed (exit ${code}):\n${output.trim()}`);
}

/** The schema (Prisma's migrations) and the job queues (pg-boss's schema and our queues). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  await runPrisma(["migrate", "deploy"], databaseUrl);
  await installQueues(databaseUrl, JOBS);
}
