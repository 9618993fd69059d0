// Changes a staff member makes to their own account: enrolment's last step, password, address,
// factors and recovery codes. Each is audited and emailed to the account, so a change made by
// someone else is noticed at once; the routes ask for the second factor again before any of them.
import type { StaffNoticeEvent } from "~/emails/staff-notice";
import { recordAudit, type AuditAction } from "~/models/audit.server";
import { queueStaffNotice } from "~/models/staff-notice.server";
import { hashPassword } from "~/models/staff-password.server";
import { renewRecoveryCodes } from "~/models/staff-recovery.server";
import { SESSION_IDLE_MS } from "~/models/staff-session.server";
import { getPrisma } from "~/utils/db.server";

// A second factor given this recently is enough for a sensitive change; older, it is asked again.
export const REAUTH_WINDOW_MS = 5 * 60_000;

export function reauthIsFresh(reauthAt: Date | null, now = Date.now()): boolean {
  return reauthAt !== null && now - reauthAt.getTime() < REAUTH_WINDOW_MS;
}

type Change = {
  userId: string;
  ipHash: string;
  action: AuditAction;
  notice: StaffNoticeEvent;
  details?: Record<string, string>;
};

/** Audits a change to the account and emails the account about it. */
export async function recordAccountChange(change: Change): Promise<void> {
  const user = await getPrisma().staffUser.findUniqueOrThrow({
    where: { id: change.userId },
    select: { email: true, locale: true },
  });
  await recordAudit({
    actorId: change.userId,
    action: change.action,
    targetType: "staff",
    targetId: change.userId,
    details: change.details ?? {},
    ipHash: change.ipHash,
  });
  await queueStaffNotice(user, change.notice);
}

/**
 * Ends enrolment once the first second factor is confirmed: the account is enrolled and gets its
 * ten recovery codes, returned to be shown this once.
 */
export async function finishEnrolment(
  userId: string,
  factor: "totp" | "passkey",
  ipHash: string,
): Promise<string[]> {
  const prisma = getPrisma();
  const codes = await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id: userId },
      data: { enrolledAt: new Date(), failedSignIns: 0, lockedUntil: null },
    });
    const fresh = await renewRecoveryCodes(userId, tx);
    await recordAudit(
      {
        actorId: userId,
        action: "staff.enrolled",
        targetType: "staff",
        targetId: userId,
        details: { factor },
        ipHash,
      },
      tx,
    );
    return fresh;
  });
  return codes;
}

/** Sets the password during enrolment (the link has just been used). */
export async function setEnrolmentPassword(userId: string, password: string, name: string | undefined) {
  await getPrisma().staffUser.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), ...(name ? { name } : {}) },
  });
}

export async function changePassword(userId: string, password: string, ipHash: string): Promise<void> {
  await getPrisma().staffUser.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password) },
  });
  await recordAccountChange({ userId, ipHash, action: "staff.password-changed", notice: "password-changed" });
}

export class EmailInUseError extends Error {
  override name = "EmailInUseError";
}

/** Changes the address; the notice goes to the old address as well as the new one. */
export async function changeEmail(userId: string, newEmail: string, ipHash: string): Promise<void> {
  const email = newEmail.trim().toLowerCase();
  const prisma = getPrisma();
  const before = await prisma.staffUser.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, locale: true },
  });
  if (before.email === email) return;
  if (await prisma.staffUser.findUnique({ where: { email } })) throw new EmailInUseError(email);
  await prisma.staffUser.update({ where: { id: userId }, data: { email } });
  await recordAccountChange({ userId, ipHash, action: "staff.email-changed", notice: "email-changed" });
  await queueStaffNotice(before, "email-changed");
}

/** New recovery codes (the old ones stop working), to be shown once. */
export async function renewCodesForAccount(userId: string, ipHash: string): Promise<string[]> {
  const codes = await renewRecoveryCodes(userId);
  await recordAccountChange({
    userId,
    ipHash,
    action: "staff.recovery-codes-renewed",
    notice: "recovery-codes-renewed",
  });
  return codes;
}

/** The second factors the account holds: one may be removed only while another remains. */
export async function secondFactorCount(userId: string): Promise<number> {
  const user = await getPrisma().staffUser.findUnique({
    where: { id: userId },
    select: { totpSecretSealed: true, _count: { select: { passkeys: true } } },
  });
  return (user?.totpSecretSealed ? 1 : 0) + (user?._count.passkeys ?? 0);
}

/** The account's live, signed-in sessions, the current one marked. */
export async function listOwnSessions(userId: string, currentId: string, now = new Date()) {
  const rows = await getPrisma().staffSession.findMany({
    where: {
      userId,
      revokedAt: null,
      expiresAt: { gt: now },
      lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) },
      mfaVerifiedAt: { not: null },
    },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((row) => ({
    current: row.id === currentId,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    userAgent: row.userAgent,
  }));
}

export type FactorRemoval = { kind: "totp" } | { kind: "passkey"; id: string };

/**
 * Removes a second factor unless it is the last one. The account's row is locked while counting,
 * so two removals at once cannot leave it with none.
 */
export async function removeSecondFactor(
  userId: string,
  factor: FactorRemoval,
  ipHash: string,
): Promise<"removed" | "last" | "missing"> {
  const outcome = await getPrisma().$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ totp: boolean }[]>`
      SELECT totp_secret_sealed IS NOT NULL AS totp FROM staff_users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!user) return "missing" as const;
    const passkeys = await tx.staffPasskey.count({ where: { userId } });
    if ((user.totp ? 1 : 0) + passkeys <= 1) return "last" as const;
    if (factor.kind === "totp") {
      if (!user.totp) return "missing" as const;
      await tx.staffUser.update({
        where: { id: userId },
        data: { totpSecretSealed: null, totpLastStep: null },
      });
    } else {
      const { count } = await tx.staffPasskey.deleteMany({ where: { id: factor.id, userId } });
      if (count === 0) return "missing" as const;
    }
    return "removed" as const;
  });
  if (outcome === "removed") {
    await recordAccountChange({
      userId,
      ipHash,
      action: "staff.factor-removed",
      notice: "factor-removed",
      details: { factor: factor.kind },
    });
  }
  return outcome;
}
