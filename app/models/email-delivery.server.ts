import { randomUUID } from "node:crypto";
import type { Locale, Prisma } from "~/generated/prisma/client";
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

export async function findDelivery(id: string) {
  return getPrisma().emailDelivery.findUnique({ where: { id } });
}

export async function markDeliverySent(id: string, providerMessageId: string): Promise<void> {
  await getPrisma().emailDelivery.updateMany({
    where: { id, status: { in: ["queued", "sending"] } },
    data: { status: "sent", providerMessageId, sentAt: new Date() },
  });
}

export async function markDeliveryFailed(id: string, error: string): Promise<void> {
  await getPrisma().emailDelivery.update({ where: { id }, data: { status: "failed", error } });
}

export async function markDeliverySuppressed(id: string): Promise<void> {
  await getPrisma().emailDelivery.update({ where: { id }, data: { status: "suppressed" } });
}
