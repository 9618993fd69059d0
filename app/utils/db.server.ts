import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/logger.server";

// One client per process. Remix's dev server re-imports modules on every rebuild, so the client
// is kept on globalThis there; otherwise each rebuild would open a new connection pool.
const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

const SLOW_QUERY_MS = 200;

function createPrismaClient(): PrismaClient {
  const { DATABASE_URL } = getEnv();
  if (!DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`.");
  }
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: DATABASE_URL, max: 10 }),
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
  globalForPrisma.rollcallPrisma ??= createPrismaClient();
  return globalForPrisma.rollcallPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.rollcallPrisma;
  globalForPrisma.rollcallPrisma = undefined;
  await client?.$disconnect();
}
