// The production build (build/server/start.js) started as an operator would, for tests that need
// the whole process: its start-up checks, its logs, what it does when the database goes away.
import fs from "node:fs";
import path from "node:path";
import { randomAppSecret } from "./fanout-fixture";
import { productionNodeFlags } from "./node-flags";
import { freePort } from "./ports";
import { startNodeProcess, type NodeProcess } from "./processes";

export const BUILT_SERVER = path.resolve("build/server/start.js");

export type BuiltApp = { baseUrl: string; proc: NodeProcess };

/** Environment for the built app on `port`: production, this test file's database, no Resend. */
export function builtAppEnv(port: number, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    APP_SECRET: randomAppSecret(),
    EMAIL_OUTBOX_IN_PRODUCTION: "allow",
    LOG_LEVEL: "warn",
    ...overrides,
  };
}

/** Starts the built app and waits until /healthz answers; fails with its output if it exits. */
export async function startBuiltApp(
  overrides: Record<string, string> = {},
  options: { watch?: string[]; timeoutMs?: number } = {},
): Promise<BuiltApp> {
  if (!fs.existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run npm run build first`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const proc = startNodeProcess(
    "the app",
    [...productionNodeFlags("start"), BUILT_SERVER],
    builtAppEnv(port, overrides),
    options.watch,
  );
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (!proc.running()) throw new Error(`The app exited (${await proc.exited}):\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`The app did not become healthy:\n${proc.output()}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return { baseUrl, proc };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
