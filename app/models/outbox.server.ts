import type { EmailMessage } from "~/services/email/types";
import { getPrisma } from "~/utils/db.server";

/**
 * Keeps messages in the outbox, each under its own idempotency key. A key seen before stores
 * nothing new and returns the id stored the first time, as a provider would.
 */
export async function storeOutboxMessages(
  messages: { message: EmailMessage; idempotencyKey: string }[],
): Promise<string[]> {
  const prisma = getPrisma();
  await prisma.outboxMessage.createMany({
    data: messages.map(({ message, idempotencyKey }) => ({
      idempotencyKey,
      from: message.from,
      to: [message.to],
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers ?? {},
    })),
    skipDuplicates: true,
  });
  const keys = messages.map((entry) => entry.idempotencyKey);
  const stored = await prisma.outboxMessage.findMany({
    where: { idempotencyKey: { in: keys } },
    select: { id: true, idempotencyKey: true },
  });
  const idByKey = new Map(stored.map((row) => [row.idempotencyKey, row.id]));
  return keys.map((key) => idByKey.get(key)!);
}

const LIST_LIMIT = 200;

/** Newest first. */
export async function listOutboxMessages(limit = LIST_LIMIT) {
  return getPrisma().outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}

export async function findOutboxMessage(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return getPrisma().outboxMessage.findUnique({ where: { id } });
}
