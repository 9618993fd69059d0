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
  "staff.enrolment-link-issued",
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
  "vote.imported",
  "vote.linked",
  "update.created",
  "update.edited",
  "update.test-sent",
  "update.scheduled",
  "update.unscheduled",
  "update.sent",
  "update.paused",
  "update.resumed",
  "export.donations",
  "donation.statements-queued",
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

export type AuditFilter = {
  action?: AuditAction;
  actorId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  /** The last id of the previous page: this page starts below it. */
  before?: bigint;
  limit?: number;
};

/**
 * Newest first, one page at a time (keyset: `before` is the last id of the previous page, so a
 * page never shifts when entries arrive). `older` is the `before` of the next page, or null.
 * Targets that are staff accounts come with their name and email.
 */
export async function listAuditLog(filter: AuditFilter = {}) {
  const limit = filter.limit ?? 100;
  const prisma = getPrisma();
  const createdAt = {
    ...(filter.from ? { gte: filter.from } : {}),
    ...(filter.to ? { lt: filter.to } : {}),
  };
  const rows = await prisma.auditLog.findMany({
    where: {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.from || filter.to ? { createdAt } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { actor: { select: { email: true, name: true } } },
  });
  const page = rows.slice(0, limit);
  const staffTargets = [
    ...new Set(page.filter((row) => row.targetType === "staff" && row.targetId).map((row) => row.targetId!)),
  ];
  const targets = new Map(
    (
      await prisma.staffUser.findMany({
        where: { id: { in: staffTargets } },
        select: { id: true, name: true, email: true },
      })
    ).map((user) => [user.id, { name: user.name, email: user.email }]),
  );
  const entries = page.map((row) => ({
    id: row.id.toString(),
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    target: row.targetType === "staff" && row.targetId ? (targets.get(row.targetId) ?? null) : null,
    details: row.details,
    actor: row.actor ? { name: row.actor.name, email: row.actor.email } : null,
    ipHash: row.ipHash ? Buffer.from(row.ipHash).toString("base64url").slice(0, 8) : null,
    createdAt: row.createdAt.toISOString(),
  }));
  return { entries, older: rows.length > limit ? page[page.length - 1]!.id.toString() : null };
}

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
