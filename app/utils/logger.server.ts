// Structured logs: one JSON object per line on stdout, so any log shipper can read them.
// Callers pass facts, never personal data (no emails, names, raw IPs or tokens).

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const RANK: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

// LOG_LEVEL is read here rather than through getEnv(): the logger must work even while reporting
// that the environment itself is invalid.
function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | "silent" | undefined;
  return RANK[level ?? "info"] ?? RANK.info;
}

function write(level: Level, msg: string, fields?: Fields): void {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  process.stdout.write(line + "\n");
}

/** Whether messages at `level` are written: to skip building what would be thrown away. */
export function logs(level: Level): boolean {
  return RANK[level] >= threshold();
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};

/** An error's class and message, without its stack or any request data. */
export function describeError(error: unknown): Fields {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorMessage: String(error) };
}
