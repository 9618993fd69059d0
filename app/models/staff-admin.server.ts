// Staff management: who may create, promote, remove and sign out whom. Owners and admins manage
// staff, but only an owner touches an owner, nobody but an owner changes their own role, and the
// last owner who can sign in always stays, so the NGO is never locked out of its own staff area.
import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { recordAudit } from "~/models/audit.server";
import { queueEnrolmentEmail } from "~/models/staff-enrolment-email.server";
import {
  createStaffAccount,
  issueEnrolmentLink,
  StaffEmailTakenError,
} from "~/models/staff-enrolment.server";
import { endAllStaffSessions } from "~/models/staff-session.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { hasRole, type StaffRoleName } from "~/utils/staff-roles";

export type StaffRuleCode =
  | "owner-only"
  | "own-role"
  | "last-owner"
  | "not-found"
  | "removed"
  | "already-enrolled"
  | "email-taken"
  | "not-allowed";

/** A refused change, named so the page can say why in the reader's language. */
export class StaffRuleError extends Error {
  override name = "StaffRuleError";
  constructor(readonly code: StaffRuleCode) {
    super(code);
  }
}

export type StaffActor = { id: string; role: StaffRoleName };

type Tx = Prisma.TransactionClient;

/** Everyone on the staff, removed ones last, with what the management page shows about them. */
export async function listStaff() {
  const prisma = getPrisma();
  const [users, signIns] = await Promise.all([
    prisma.staffUser.findMany({
      orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
      include: { _count: { select: { passkeys: true } } },
    }),
    prisma.auditLog.groupBy({
      by: ["actorId"],
      where: { action: "staff.sign-in", actorId: { not: null } },
      _max: { createdAt: true },
    }),
  ]);
  const lastSignIn = new Map(signIns.map((row) => [row.actorId, row._max.createdAt]));
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    enrolled: user.enrolledAt !== null,
    passkeys: user._count.passkeys,
    totp: user.totpSecretSealed !== null,
    lastSignInAt: lastSignIn.get(user.id)?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  }));
}

/** One member, with their live sessions; null when there is no such account. */
export async function getStaffMember(id: string, now = new Date()) {
  const prisma = getPrisma();
  const user = await prisma.staffUser.findUnique({
    where: { id },
    include: { _count: { select: { passkeys: true } } },
  });
  if (!user) return null;
  const [liveSessions, lastSignIn] = await Promise.all([
    prisma.staffSession.count({ where: { userId: id, revokedAt: null, expiresAt: { gt: now } } }),
    prisma.auditLog.findFirst({
      where: { actorId: id, action: "staff.sign-in" },
      orderBy: { id: "desc" },
      select: { createdAt: true },
    }),
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    enrolled: user.enrolledAt !== null,
    passkeys: user._count.passkeys,
    totp: user.totpSecretSealed !== null,
    lastSignInAt: lastSignIn?.createdAt.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    liveSessions,
  };
}

/** Creates an account and its first enrolment link, which the caller shows once and is emailed. */
export async function createStaffMember(
  actor: StaffActor,
  input: { email: string; name: string; role: StaffRoleName; locale: Locale },
  ipHash?: string,
): Promise<{ userId: string; enrolmentUrl: string }> {
  if (input.role === "owner" && actor.role !== "owner") throw new StaffRuleError("owner-only");
  let created;
  try {
    created = await createStaffAccount({ ...input, actorId: actor.id, ipHash });
  } catch (error) {
    if (error instanceof StaffEmailTakenError) throw new StaffRuleError("email-taken");
    // Two creations of one address at once: the second loses on the unique index.
    if ((error as { code?: unknown }).code === "P2002") throw new StaffRuleError("email-taken");
    throw error;
  }
  await queueEnrolmentEmail(
    { id: created.userId, email: input.email.trim().toLowerCase(), locale: input.locale },
    created.enrolmentUrl,
  );
  return created;
}

/**
 * The actor and the target as they are now, after the rules every change shares: the actor still
 * manages staff, the target exists and is not removed, and only an owner changes an owner. The
 * actor, the target and every owner are locked in one order first, so two changes made at once
 * (two owners demoting each other) wait for each other instead of deadlocking, and the second sees
 * what the first did.
 */
async function lockForChange(tx: Tx, actor: StaffActor, targetId: string) {
  await tx.$queryRaw`
    SELECT id FROM staff_users
    WHERE id = ${actor.id}::uuid OR id = ${targetId}::uuid OR (role = 'owner' AND disabled_at IS NULL)
    ORDER BY id
    FOR UPDATE`;
  const current = await tx.staffUser.findUnique({ where: { id: actor.id } });
  if (!current || current.disabledAt || !hasRole(current.role, "admin"))
    throw new StaffRuleError("not-allowed");
  const target = await tx.staffUser.findUnique({ where: { id: targetId } });
  if (!target) throw new StaffRuleError("not-found");
  if (target.disabledAt) throw new StaffRuleError("removed");
  if (target.role === "owner" && current.role !== "owner") throw new StaffRuleError("owner-only");
  return { actorRole: current.role, target };
}

/** Refuses when `targetId` is the last owner who can sign in (enrolled, not removed). */
async function assertAnotherOwner(tx: Tx, targetId: string): Promise<void> {
  const others = await tx.staffUser.count({
    where: { role: "owner", disabledAt: null, enrolledAt: { not: null }, id: { not: targetId } },
  });
  if (others === 0) throw new StaffRuleError("last-owner");
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function changeStaffRole(
  actor: StaffActor,
  targetId: string,
  role: StaffRoleName,
  ipHash?: string,
): Promise<{ changed: boolean }> {
  if (!isUuid(targetId)) throw new StaffRuleError("not-found");
  return getPrisma().$transaction(async (tx) => {
    const { actorRole, target } = await lockForChange(tx, actor, targetId);
    if (target.id === actor.id && actorRole !== "owner") throw new StaffRuleError("own-role");
    if (role === "owner" && actorRole !== "owner") throw new StaffRuleError("owner-only");
    if (target.role === role) return { changed: false };
    if (target.role === "owner") await assertAnotherOwner(tx, target.id);
    await tx.staffUser.update({ where: { id: target.id }, data: { role } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "staff.role-changed",
        targetType: "staff",
        targetId: target.id,
        details: { from: target.role, to: role },
        ipHash,
      },
      tx,
    );
    return { changed: true };
  });
}

/**
 * Removes a member: the account is disabled, never deleted (the audit log keeps naming them), its
 * sessions end and its unused enrolment link stops working.
 */
export async function removeStaffMember(actor: StaffActor, targetId: string, ipHash?: string) {
  if (!isUuid(targetId)) throw new StaffRuleError("not-found");
  const now = new Date();
  await getPrisma().$transaction(async (tx) => {
    const { target } = await lockForChange(tx, actor, targetId);
    if (target.role === "owner") await assertAnotherOwner(tx, target.id);
    await tx.staffUser.update({ where: { id: target.id }, data: { disabledAt: now } });
    await tx.staffSession.updateMany({
      where: { userId: target.id, revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.staffToken.updateMany({ where: { userId: target.id, usedAt: null }, data: { usedAt: now } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "staff.removed",
        targetType: "staff",
        targetId: target.id,
        details: { role: target.role },
        ipHash,
      },
      tx,
    );
  });
}

/** Ends every session of a member: owners only ("owners can end anyone's sessions"). */
export async function endSessionsOf(actor: StaffActor, targetId: string, ipHash?: string) {
  if (actor.role !== "owner") throw new StaffRuleError("owner-only");
  if (!isUuid(targetId)) throw new StaffRuleError("not-found");
  const target = await getPrisma().staffUser.findUnique({ where: { id: targetId } });
  if (!target) throw new StaffRuleError("not-found");
  const ended = await endAllStaffSessions(target.id);
  await recordAudit({
    actorId: actor.id,
    action: "staff.sessions-ended",
    targetType: "staff",
    targetId: target.id,
    details: { sessions: ended },
    ipHash,
  });
  return { ended };
}

/**
 * A fresh enrolment link for a member who has not enrolled yet (the old one stops working). Only
 * an owner may issue one for an owner: whoever holds the link chooses the password.
 */
export async function reissueEnrolmentLink(
  actor: StaffActor | null,
  targetId: string,
  ipHash?: string,
): Promise<string> {
  if (!isUuid(targetId)) throw new StaffRuleError("not-found");
  const target = await getPrisma().staffUser.findUnique({ where: { id: targetId } });
  if (!target) throw new StaffRuleError("not-found");
  if (target.disabledAt) throw new StaffRuleError("removed");
  if (target.enrolledAt) throw new StaffRuleError("already-enrolled");
  if (actor && target.role === "owner" && actor.role !== "owner") throw new StaffRuleError("owner-only");
  const url = await issueEnrolmentLink(target.id);
  // From the staff page, the member gets it by email too; the demo owner's goes to the terminal only.
  if (actor) await queueEnrolmentEmail(target, url);
  await recordAudit({
    actorId: actor?.id ?? null,
    action: "staff.enrolment-link-issued",
    targetType: "staff",
    targetId: target.id,
    ipHash,
  });
  return url;
}

export const DEMO_OWNER_EMAIL = "owner@rollcall.local";

/**
 * Local development only: with no staff account at all, a demo owner is made, and while it has
 * not enrolled each start prints a fresh link, so a newcomer reaches the staff area at once.
 * Production never makes one. Returns what to print, or null.
 */
export async function ensureDemoOwner(): Promise<{ email: string; enrolmentUrl: string } | null> {
  if (getEnv().NODE_ENV === "production") return null;
  const prisma = getPrisma();
  if ((await prisma.staffUser.count()) === 0) {
    try {
      const { enrolmentUrl } = await createStaffAccount({
        email: DEMO_OWNER_EMAIL,
        name: "Demo owner",
        role: "owner",
        locale: "en",
        actorId: null,
      });
      return { email: DEMO_OWNER_EMAIL, enrolmentUrl };
    } catch (error) {
      // Another start made it meanwhile: fall through and give a link for that one.
      if (!(error instanceof StaffEmailTakenError)) throw error;
    }
  }
  const owner = await prisma.staffUser.findUnique({ where: { email: DEMO_OWNER_EMAIL } });
  if (!owner || owner.enrolledAt || owner.disabledAt || owner.role !== "owner") return null;
  return { email: owner.email, enrolmentUrl: await reissueEnrolmentLink(null, owner.id) };
}
