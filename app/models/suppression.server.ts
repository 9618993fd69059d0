import type { Prisma, SuppressionReason } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";

type Db = Prisma.TransactionClient;

// A complaint outranks a bounce: it is the stronger signal and must survive a later bounce event.
const RANK: Record<SuppressionReason, number> = { manual: 0, hard_bounce: 1, complaint: 2 };

/** Never send list mail to this mailbox again (and nothing at all after a hard bounce). */
export async function suppressAddress(email: string, reason: SuppressionReason, db: Db = getPrisma()) {
  const emailNormal = normalizeEmail(email);
  const existing = await db.emailSuppression.findUnique({ where: { emailNormal } });
  if (existing && RANK[existing.reason] >= RANK[reason]) return;
  await db.emailSuppression.upsert({
    where: { emailNormal },
    create: { emailNormal, reason },
    update: { reason },
  });
}

/**
 * The given addresses that must not be sent to. List mail honours every suppression; transactional
 * mail (confirmations a person just asked for) only skips mailboxes that hard-bounced.
 */
export async function findSuppressedAddresses(
  emails: string[],
  kind: "list" | "transactional",
  db: Db = getPrisma(),
): Promise<Set<string>> {
  const byNormal = new Map(emails.map((email) => [normalizeEmail(email), email]));
  const rows = await db.emailSuppression.findMany({
    where: {
      emailNormal: { in: [...byNormal.keys()] },
      ...(kind === "transactional" ? { reason: "hard_bounce" as const } : {}),
    },
    select: { emailNormal: true },
  });
  return new Set(rows.map((row) => byNormal.get(row.emailNormal)!));
}
