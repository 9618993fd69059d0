import type { Locale, Prisma } from "~/generated/prisma/client";
import { enqueueJob } from "~/services/queue.server";
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
  const delivery = await tx.emailDelivery.create({
    data: {
      kind: input.kind,
      toEmail: canonicalEmail(input.toEmail),
      locale: input.locale,
      payload: input.payload ?? {},
      subscriberId: input.subscriberId,
    },
    select: { id: true },
  });
  await enqueueJob(tx, SEND_EMAIL_JOB, { deliveryId: delivery.id });
  return delivery.id;
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
