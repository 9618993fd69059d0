import { createHash, randomUUID } from "node:crypto";
import type { Locale, Prisma } from "~/generated/prisma/client";
import { MAX_BATCH_SIZE } from "~/services/email/types";
import { enqueueJob, enqueueJobsSql } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { canonicalEmail } from "~/utils/email-address";

export const SEND_EMAIL_JOB = "send-email";

type QueueEmailInput = {
  kind: string;
  toEmail: string;
  locale: Locale;
  payload?: Prisma.InputJsonValue;
  subscriberId?: string;
};

/**
 * Records a transactional email and queues its sending, in the caller's transaction: if the
 * transaction that caused the email rolls back, no email is ever sent; if it commits, one is.
 */
export async function queueEmail(tx: Prisma.TransactionClient, input: QueueEmailInput): Promise<string> {
  // Raw SQL: this runs on every signature, and Prisma compiles each model query anew (~0.5 ms).
  const id = randomUUID();
  await tx.$executeRaw`
    INSERT INTO email_deliveries (id, kind, to_email, locale, payload, subscriber_id)
    VALUES (${id}::uuid, ${input.kind}, ${canonicalEmail(input.toEmail)}, ${input.locale}::"Locale",
      ${JSON.stringify(input.payload ?? {})}::jsonb, ${input.subscriberId ?? null}::uuid)`;
  await enqueueJob(tx, SEND_EMAIL_JOB, { deliveryId: id });
  return id;
}

/**
 * Data-modifying CTEs that record one email per row of `source` (a CTE with columns id, kind,
 * to_email, locale, payload) and queue each one's sending: queueEmail() for hot paths that write
 * their own rows and their emails in a single statement.
 */
export function queueEmailsSql(source: string): string {
  return `queued_emails AS (
      INSERT INTO email_deliveries (id, kind, to_email, locale, payload)
      SELECT id, kind, to_email, locale, payload FROM ${source}
      RETURNING jsonb_build_object('deliveryId', id) AS data
    ),
    queued_email_jobs AS (${enqueueJobsSql(SEND_EMAIL_JOB, "queued_emails")})`;
}

// Transactional emails (confirmations, receipts) go out in batches of up to 100 per provider
// request: at viral scale a confirmation per request would wait hours behind the provider's rate
// limit. A batch's key names the delivery whose job claimed it, and that job alone sends it; the
// jobs of the other deliveries in it find them taken and finish at once.
const TRANSACTIONAL_BATCH = /^transactional\/([0-9a-f-]{36})\//;

/** The delivery whose job sends a transactional batch. */
export function transactionalBatchOwner(batchKey: string): string | null {
  return TRANSACTIONAL_BATCH.exec(batchKey)?.[1] ?? null;
}

/**
 * Takes a queued transactional email into a batch: this one first, then the oldest others that
 * no other job has taken, `size` in all. Returns the batch the delivery is in, whether just
 * claimed or claimed earlier (by this job's previous attempt or another job), or null when the
 * delivery is not waiting to be sent.
 */
export async function claimTransactionalBatch(
  deliveryId: string,
  size = MAX_BATCH_SIZE,
): Promise<string | null> {
  return getPrisma().$transaction(async (tx) => {
    const [own] = await tx.$queryRaw<{ status: string; batch_key: string | null }[]>`
      SELECT status::text, batch_key FROM email_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
    if (own?.status === "sending" && own.batch_key) return own.batch_key;
    if (own?.status !== "queued") return null;
    // SKIP LOCKED: rows another job is claiming right now are left to it, and nobody waits.
    const others = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM email_deliveries
      WHERE status = 'queued' AND update_id IS NULL AND batch_key IS NULL AND id <> ${deliveryId}::uuid
      ORDER BY created_at
      LIMIT ${size - 1}
      FOR UPDATE SKIP LOCKED`;
    const ids = [deliveryId, ...others.map((row) => row.id)];
    const digest = createHash("sha256")
      .update([...ids].sort().join(","))
      .digest("base64url");
    const batchKey = `transactional/${deliveryId}/${digest}`;
    await tx.emailDelivery.updateMany({ where: { id: { in: ids } }, data: { status: "sending", batchKey } });
    return batchKey;
  });
}

/** The emails of a claimed transactional batch that are still to be sent, oldest first. */
export async function loadTransactionalBatch(batchKey: string) {
  return getPrisma().emailDelivery.findMany({
    where: { batchKey, status: "sending" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

export async function findDelivery(id: string) {
  return getPrisma().emailDelivery.findUnique({ where: { id } });
}

export async function markDeliveryFailed(id: string, error: string): Promise<void> {
  await getPrisma().emailDelivery.update({ where: { id }, data: { status: "failed", error } });
}

export async function markDeliverySuppressed(id: string): Promise<void> {
  await getPrisma().emailDelivery.update({ where: { id }, data: { status: "suppressed" } });
}
