// The job queue: pg-boss 10 on the app's own PostgreSQL (docs/decisions/0008). Jobs are enqueued
// through whatever Prisma client or transaction the caller holds, so a job commits or rolls back
// together with the rows that caused it (the outbox pattern).
import PgBoss from "pg-boss";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";

export type QueueOptions = {
  /**
   * "standard" (default) or "stately": at most one queued and one active job per singleton key,
   * for work on one thing (an update's fan-out) that must never run twice at once.
   */
  policy?: "standard" | "stately";
  /** Attempts after the first; each waits longer when `retryBackoff` is on. */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** A job still active after this long is presumed dead (its worker crashed) and retried. */
  expireInSeconds: number;
};

export type QueueDefinition = { name: string } & QueueOptions;

type PrismaExecutor = PrismaClient | Prisma.TransactionClient;

// pg-boss passes objects for jsonb columns; Prisma's raw queries want them serialised.
function toSqlValue(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

/** Lets pg-boss run its SQL on a Prisma client or inside a Prisma interactive transaction. */
export function prismaDb(client: PrismaExecutor): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      const rows = await client.$queryRawUnsafe<unknown[]>(text, ...values.map(toSqlValue));
      return { rows };
    },
  };
}

let sender: PgBoss | undefined;

// A pg-boss instance that is never started: it only builds and runs the INSERT for a job.
function getSender(): PgBoss {
  sender ??= new PgBoss({ db: prismaDb(getPrisma()) });
  return sender;
}

export type EnqueueOptions = {
  /** At most one queued job per key: a second enqueue with the same key is dropped. */
  singletonKey?: string;
  startAfterSeconds?: number;
};

/**
 * Adds a job. Pass the transaction (`tx`) that writes the job's cause, so both commit or neither
 * does. Returns the job id, or null when a job with the same singleton key is already queued.
 */
export async function enqueueJob(
  client: PrismaExecutor,
  name: string,
  data: object,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const id = await getSender().send(name, data, {
    db: prismaDb(client),
    singletonKey: options.singletonKey,
    startAfter: options.startAfterSeconds,
  });
  if (id === null && !options.singletonKey) {
    // pg-boss silently inserts nothing for a queue it does not know; that must never go unnoticed.
    throw new Error(`Job "${name}" was not enqueued: is the queue created (npm run db:deploy)?`);
  }
  return id;
}

/**
 * The body of a data-modifying CTE that enqueues one job on `queue` for each row of `source` (a
 * CTE with a jsonb `data` column): the row pg-boss's send() would insert, with the queue's own
 * retry, expiry and retention settings. For hot paths that write their rows and their job in one
 * statement (docs/decisions/0012); a test holds it to pg-boss's send(), so an upgrade that changes
 * the job table fails there, not in production. An unknown queue fails the whole statement (a job
 * without a name has no partition to go to) rather than dropping the job. No singleton keys: this
 * is for standard queues.
 */
export function enqueueJobsSql(queue: string, source: string): string {
  if (!/^[a-z][a-z0-9_-]*$/.test(queue) || !/^[a-z_]+$/.test(source)) {
    throw new Error(`Not a queue and CTE name: "${queue}", "${source}"`);
  }
  return `INSERT INTO pgboss.job (id, name, data, dead_letter, expire_in, keep_until, retry_limit,
      retry_delay, retry_backoff, policy)
    SELECT gen_random_uuid(), q.name, s.data, q.dead_letter,
      COALESCE(q.expire_seconds * interval '1 second', interval '15 minutes'),
      now() + COALESCE(q.retention_minutes * interval '1 minute', interval '14 days'),
      COALESCE(q.retry_limit, 2),
      CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
        ELSE COALESCE(q.retry_delay, 0) END,
      COALESCE(q.retry_backoff, false), q.policy
    FROM ${source} s LEFT JOIN pgboss.queue q ON q.name = '${queue}'`;
}

function queuePolicy(definition: QueueDefinition): PgBoss.Queue {
  return {
    name: definition.name,
    policy: definition.policy ?? "standard",
    retryLimit: definition.retryLimit,
    retryDelay: definition.retryDelaySeconds,
    retryBackoff: definition.retryBackoff,
    expireInSeconds: definition.expireInSeconds,
  };
}

/**
 * Creates or updates pg-boss's schema and our queues. Runs with the migrations: every process
 * that only enqueues can then rely on the queues existing.
 */
export async function installQueues(databaseUrl: string, definitions: QueueDefinition[]): Promise<void> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 2, supervise: false, schedule: false });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    for (const definition of definitions) {
      const existing = await boss.getQueue(definition.name);
      if (existing) await boss.updateQueue(definition.name, queuePolicy(definition));
      else await boss.createQueue(definition.name, queuePolicy(definition));
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}
