// Node processes a test or benchmark starts and stops as an operator would: the built app, the
// built worker, a bare floor server.
import { spawn, type ChildProcess } from "node:child_process";

export type NodeProcess = {
  name: string;
  child: ChildProcess;
  pid: number;
  /** What it printed on stdout and stderr (the last 64 KiB), for failure messages. */
  output(): string;
  /** How many lines so far contained `needle` (one of the `watch` strings it was started with). */
  linesWith(needle: string): number;
  /** Resolves with the exit code, or the signal's name when it was killed. */
  exited: Promise<number | string | null>;
  running(): boolean;
};

/** Runs `node <args>`; its output is drained as it comes, so a chatty process never blocks. */
export function startNodeProcess(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  watch: string[] = [],
): NodeProcess {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let pending = "";
  const counts = new Map<string, number>();
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-65_536);
    if (watch.length === 0) return;
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines)
      for (const needle of watch)
        if (line.includes(needle)) counts.set(needle, (counts.get(needle) ?? 0) + 1);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let running = child.pid !== undefined;
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("error", (error) => {
      running = false;
      output += `\n[spawn error] ${error.message}`;
      resolve(null);
    });
    child.once("exit", (code, signal) => {
      running = false;
      resolve(code ?? signal);
    });
  });
  if (child.pid === undefined) throw new Error(`Could not start ${name}`);
  return {
    name,
    child,
    pid: child.pid,
    output: () => output,
    linesWith: (needle) => counts.get(needle) ?? 0,
    exited,
    running: () => running,
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
export async function stopNodeProcess(proc: NodeProcess, graceMs: number): Promise<number | string | null> {
  if (!proc.running()) return proc.exited;
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), graceMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}
