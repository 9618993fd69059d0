// The audit log: who did what, when, from which network (a keyed hash, never the address).
// Owners and admins read it; nothing in the app edits or deletes it.
import type { Prisma } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";

export const AUDIT_ACTIONS = [
  "staff.sign-in",
  "staff.sign-in-failed",
  "staff.locked-out",
  "staff.sign-out",
  "staff.sessions-ended",
  "staff.created",
  "staff.enrolled",
  "staff.removed",
  "staff.role-changed",
  "staff.password-changed",
  "staff.email-changed",
  "staff.factor-added",
  "staff.factor-removed",
  "staff.recovery-code-used",
  "staff.recovery-codes-renewed",
  "campaign.created",
  "campaign.edited",
  "campaign.published",
  "campaign.closed",
  "campaign.archived",
  "signature.cleared",
  "signature.invalidated",
  "block.added",
  "block.removed",
  "job.retried",
  "job.dismissed",
  "email.swept",
  "export.signatures",
  "export.subscribers",
  "export.job-failures",
  "delivery-pack.downloaded",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  actorId: string | null;
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonObject;
  /** The request's keyed IP hash (AppLoadContext.ipHash). */
  ipHash?: string;
};

type Db = Pick<Prisma.TransactionClient, "auditLog">;

/** Records one entry; pass the transaction when the audited change is made in one. */
export async function recordAudit(entry: AuditEntry, db: Db = getPrisma()): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
      ipHash: entry.ipHash ? Buffer.from(entry.ipHash, "base64url") : null,
    },
  });
}

export type AuditFilter = { action?: AuditAction; actorId?: string; before?: bigint; limit?: number };

/** Newest first, one page at a time (`before` is the last id of the previous page). */
export async function listAuditLog(filter: AuditFilter = {}) {
  const rows = await getPrisma().auditLog.findMany({
    where: {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.limit ?? 100,
    include: { actor: { select: { email: true, name: true } } },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
    actor: row.actor ? { name: row.actor.name, email: row.actor.email } : null,
    ipHash: row.ipHash ? Buffer.from(row.ipHash).toString("base64url").slice(0, 8) : null,
    createdAt: row.createdAt.toISOString(),
  }));
}
