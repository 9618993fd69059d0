import type { Prisma, SuppressionReason } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { canonicalEmail } from "~/utils/email-address";

type Db = Prisma.TransactionClient;

// Suppressions hold the exact address that bounced or complained (ignoring case, which no mail
// server we send to tells apart): a bounce of "ann+x@example.org" says nothing about
// "ann@example.org", which may be another person's mailbox.

const suppressionKey = (email: string) => canonicalEmail(email).toLowerCase();

// A complaint outranks a bounce: it is the stronger signal and must survive a later bounce event.
const RANK: Record<SuppressionReason, number> = { manual: 0, hard_bounce: 1, complaint: 2 };

/** Never send list mail to this address again (and nothing at all after a hard bounce). */
export async function suppressAddress(address: string, reason: SuppressionReason, db: Db = getPrisma()) {
  const email = suppressionKey(address);
  const existing = await db.emailSuppression.findUnique({ where: { email } });
  if (existing && RANK[existing.reason] >= RANK[reason]) return;
  await db.emailSuppression.upsert({ where: { email }, create: { email, reason }, update: { reason } });
}

/**
 * The given addresses that must not be sent to. List mail honours every suppression; transactional
 * mail (confirmations a person just asked for) only skips addresses that hard-bounced.
 */
export async function findSuppressedAddresses(
  emails: string[],
  kind: "list" | "transactional",
  db: Db = getPrisma(),
): Promise<Set<string>> {
  const byCanonical = new Map(emails.map((email) => [suppressionKey(email), email]));
  const rows = await db.emailSuppression.findMany({
    where: {
      email: { in: [...byCanonical.keys()] },
      ...(kind === "transactional" ? { reason: "hard_bounce" as const } : {}),
    },
    select: { email: true },
  });
  return new Set(rows.map((row) => byCanonical.get(row.email)!));
}
