import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/logger.server";

// One connection pool and one Prisma client per process, both on globalThis: Remix's dev server
// re-imports modules on every rebuild, and each rebuild would otherwise open a new pool.
//
// Prisma serves almost everything. The few hot paths that run once per request at viral scale
// (recording a signature) use the same pool through `pg` directly: Prisma 6 compiles every query
// anew in its Wasm engine, which cost more CPU than the rest of the sign path (docs/decisions/0012).
const globalForDb = globalThis as unknown as { rollcallPrisma?: PrismaClient; rollcallPool?: pg.Pool };

const SLOW_QUERY_MS = 200;

// A database that stops answering (a network cut, a hung server) must fail requests, so they answer
// "try again" (503) instead of piling up forever; a refused connection (a restart) fails at once.
// A connection is waited for at most 30 s, as long as Prisma's maxWait below: under a viral spike
// requests queue that long for one of the pool's connections, and waiting beats failing. No
// statement needs longer than Prisma's own 15 s transaction limit; `query_timeout` covers a server
// that never replies.
const POOL_TIMEOUTS = {
  connectionTimeoutMillis: 30_000,
  statement_timeout: 15_000,
  query_timeout: 20_000,
  idle_in_transaction_session_timeout: 15_000,
} as const;

function databaseUrl(): string {
  const { DATABASE_URL } = getEnv();
  if (!DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`.");
  }
  return DATABASE_URL;
}

/** The process's PostgreSQL pool, for hot paths in app/models that bypass Prisma. */
export function getPool(): pg.Pool {
  if (!globalForDb.rollcallPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 24, keepAlive: true, ...POOL_TIMEOUTS });
    // An idle connection that dies (a database restart) must not crash the process; the next
    // checkout opens a new one.
    pool.on("error", (error) => log.warn("idle database connection lost", { error: error.message }));
    globalForDb.rollcallPool = pool;
  }
  return globalForDb.rollcallPool;
}

// A staff export is one long COPY statement (docs/decisions/0020). It runs on a connection of its
// own, so a slow download never holds one of the pool's connections that signing needs, and with
// its own statement limit: a million rows take about 15 s to write, longer to a slow reader, but
// never half an hour. Each process runs at most MAX_EXPORT_CONNECTIONS at once; a phished account
// asking for more gets "busy", not more connections.
const EXPORT_STATEMENT_TIMEOUT_MS = 30 * 60_000;
export const MAX_EXPORT_CONNECTIONS = 3;
let openExportConnections = 0;

export type ExportConnection = {
  client: pg.Client;
  /** Ends the connection: gracefully after a finished statement, or by closing its socket, which
   * stops a statement still writing (PostgreSQL only notices a reader gone when a write fails). */
  close(how: "finished" | "abort"): void;
};

/** A connection for one export, or null when MAX_EXPORT_CONNECTIONS are already open. */
export async function openExportConnection(): Promise<ExportConnection | null> {
  if (openExportConnections >= MAX_EXPORT_CONNECTIONS) return null;
  openExportConnections++;
  const client = new pg.Client({
    connectionString: databaseUrl(),
    connectionTimeoutMillis: POOL_TIMEOUTS.connectionTimeoutMillis,
    statement_timeout: EXPORT_STATEMENT_TIMEOUT_MS,
    keepAlive: true,
  });
  let closed = false;
  // A connection that dies mid-export fails that download, never the process; one closed on
  // purpose (the reader left) is not news.
  client.on("error", (error) => {
    if (!closed) log.warn("export connection lost", { error: error.message });
  });
  const close = (how: "finished" | "abort") => {
    if (closed) return;
    closed = true;
    openExportConnections--;
    if (how === "abort") client.connection.stream.destroy();
    else client.end().catch(() => client.connection.stream.destroy());
  };
  try {
    await client.connect();
  } catch (error) {
    close("abort");
    throw error;
  }
  return { client, close };
}

function createPrismaClient(): PrismaClient {
  const client = new PrismaClient({
    adapter: new PrismaPg(getPool()),
    log: [{ level: "query", emit: "event" }],
    // Under a spike (a petition going viral) transactions queue for one of the pool's connections;
    // Prisma's default gives up after 2 s, which would turn a busy moment into errors. Waiting is
    // better: each transaction itself is short.
    transactionOptions: { maxWait: 30_000, timeout: 15_000 },
  });
  // Statements only, never parameters: parameters can hold personal data.
  client.$on("query", (event) => {
    if (event.duration >= SLOW_QUERY_MS) {
      log.warn("slow query", { durationMs: event.duration, query: event.query.slice(0, 500) });
    }
  });
  return client;
}

export function getPrisma(): PrismaClient {
  globalForDb.rollcallPrisma ??= createPrismaClient();
  return globalForDb.rollcallPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const { rollcallPrisma: client, rollcallPool: pool } = globalForDb;
  globalForDb.rollcallPrisma = undefined;
  globalForDb.rollcallPool = undefined;
  await client?.$disconnect();
  await pool?.end();
}
