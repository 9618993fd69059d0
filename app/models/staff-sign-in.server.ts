// Signing staff in: the password, then the second factor, under throttles per account and per
// network. Every refusal looks the same ("email or password is wrong"), whatever failed.
//
// Per account: five failures in a row are free; each one from the fifth on pauses the account for
// a doubling delay (1, 2, 4 … minutes, at most an hour), during which even the right password is
// refused. A wrong second factor counts as a failure too. The account is emailed when a run of
// failures first locks it (not at every failure after, so a guesser cannot flood the inbox).
// Per network: 20 failures in 15 minutes from one IP hash stop its attempts until the window ends.
import { recordAudit } from "~/models/audit.server";
import { hitRateLimit } from "~/models/abuse.server";
import { queueStaffNotice } from "~/models/staff-notice.server";
import { hashPassword, needsRehash, verifyPassword } from "~/models/staff-password.server";
import { useRecoveryCode } from "~/models/staff-recovery.server";
import { getStaffSession } from "~/models/staff-session.server";
import { acceptTotpCode } from "~/models/staff-totp.server";
import { getPrisma } from "~/utils/db.server";

export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  ipWindowSeconds: 15 * 60,
  ipFailures: 20,
};

export type SignInRefusal = { ok: false; locked: boolean };
export type SignInStep = { ok: true; userId: string } | SignInRefusal;

/** How long an account waits after its `failures`-th failure in a row. */
export function lockDelayMs(failures: number): number {
  if (failures < SIGN_IN_THROTTLE.freeFailures) return 0;
  const doublings = Math.min(failures - SIGN_IN_THROTTLE.freeFailures, 20);
  return Math.min(SIGN_IN_THROTTLE.maxDelayMs, SIGN_IN_THROTTLE.firstDelayMs * 2 ** doublings);
}

function ipKey(ipHash: string): string {
  return `staff-sign-in:${ipHash}`;
}

function windowStart(now: number): Date {
  const ms = SIGN_IN_THROTTLE.ipWindowSeconds * 1000;
  return new Date(Math.floor(now / ms) * ms);
}

/** Whether the network has used up its failures for the current window. */
async function networkBlocked(ipHash: string, now: number): Promise<boolean> {
  const row = await getPrisma().rateLimitCounter.findUnique({
    where: { key_windowStart: { key: ipKey(ipHash), windowStart: windowStart(now) } },
  });
  return (row?.count ?? 0) >= SIGN_IN_THROTTLE.ipFailures;
}

type Stage = "password" | "second-factor" | "passkey";

/** Counts a failure against the network and, when known, the account; locks and notifies as due. */
async function recordFailure(
  userId: string | null,
  stage: Stage,
  ipHash: string,
  now: number,
): Promise<boolean> {
  await hitRateLimit(ipKey(ipHash), SIGN_IN_THROTTLE.ipWindowSeconds, now);
  let locked = false;
  if (userId) {
    const prisma = getPrisma();
    const user = await prisma.staffUser.update({
      where: { id: userId },
      data: { failedSignIns: { increment: 1 } },
      select: { failedSignIns: true, email: true, locale: true },
    });
    const delay = lockDelayMs(user.failedSignIns);
    if (delay > 0) {
      locked = true;
      const until = new Date(now + delay);
      await prisma.staffUser.update({ where: { id: userId }, data: { lockedUntil: until } });
      if (user.failedSignIns === SIGN_IN_THROTTLE.freeFailures) {
        await recordAudit({
          actorId: userId,
          action: "staff.locked-out",
          targetType: "staff",
          targetId: userId,
          details: { until: until.toISOString() },
          ipHash,
        });
        await queueStaffNotice(user, "locked-out", new Date(now));
      }
    }
  }
  // Nothing typed is kept: not the address, not the password, not the code.
  await recordAudit({
    actorId: userId,
    action: "staff.sign-in-failed",
    targetType: "staff",
    targetId: userId,
    details: { stage, ...(locked ? { locked: true } : {}) },
    ipHash,
  });
  return locked;
}

function isLocked(user: { lockedUntil: Date | null }, now: number): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now;
}

/**
 * The first step: the address and password of an enrolled, active account that is not paused.
 * The password is hashed on every path, so an unknown address answers as slowly as a known one.
 */
export async function checkPassword(input: {
  email: string;
  password: string;
  ipHash: string;
  now?: number;
}): Promise<SignInStep> {
  const now = input.now ?? Date.now();
  const email = input.email.trim().toLowerCase();
  const user = email ? await getPrisma().staffUser.findUnique({ where: { email } }) : null;
  const right = await verifyPassword(input.password, user?.passwordHash);
  if ((await networkBlocked(input.ipHash, now)) || (user && isLocked(user, now))) {
    return { ok: false, locked: true };
  }
  if (!user || !right || user.disabledAt || !user.enrolledAt) {
    const locked = await recordFailure(user?.id ?? null, "password", input.ipHash, now);
    return { ok: false, locked };
  }
  // Parameters raised since this hash was made: store it again at today's, now that we have it.
  if (needsRehash(user.passwordHash!)) {
    await getPrisma().staffUser.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  return { ok: true, userId: user.id };
}

/**
 * The second step with a code: from the authenticator app (six digits) or a recovery code. Refused
 * while the account or network is paused; a wrong code counts as a failed sign-in.
 */
export async function checkSecondFactorCode(input: {
  userId: string;
  code: string;
  ipHash: string;
  now?: number;
}): Promise<SignInStep> {
  const now = input.now ?? Date.now();
  const user = await getPrisma().staffUser.findUnique({ where: { id: input.userId } });
  if (!user || user.disabledAt) return { ok: false, locked: false };
  if ((await networkBlocked(input.ipHash, now)) || isLocked(user, now)) return { ok: false, locked: true };
  const ok = await acceptSecondFactorCode(user.id, input.code, input.ipHash, now);
  if (!ok) return { ok: false, locked: await recordFailure(user.id, "second-factor", input.ipHash, now) };
  return { ok: true, userId: user.id };
}

/** A TOTP code or, failing that, a recovery code (audited when used, as it is spent for good). */
export async function acceptSecondFactorCode(userId: string, code: string, ipHash: string, now = Date.now()) {
  const trimmed = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(trimmed)) return acceptTotpCode(userId, trimmed, now);
  if (!(await useRecoveryCode(userId, trimmed, new Date(now)))) return false;
  await recordAudit({
    actorId: userId,
    action: "staff.recovery-code-used",
    targetType: "staff",
    targetId: userId,
    ipHash,
  });
  return true;
}

/** Counts a failed passkey answer (for a known account, or none) like any other failure. */
export async function recordPasskeyFailure(userId: string | null, ipHash: string, now = Date.now()) {
  return recordFailure(userId, "passkey", ipHash, now);
}

/** Whether the network may try again now (checked before a passkey sign-in). */
export async function networkMayTry(ipHash: string, now = Date.now()): Promise<boolean> {
  return !(await networkBlocked(ipHash, now));
}

/** Both factors given: the run of failures ends, and the sign-in is audited. */
export async function completeSignIn(
  userId: string,
  method: "totp" | "recovery" | "passkey" | "code",
  ipHash: string,
) {
  await getPrisma().staffUser.update({
    where: { id: userId },
    data: { failedSignIns: 0, lockedUntil: null },
  });
  await recordAudit({
    actorId: userId,
    action: "staff.sign-in",
    targetType: "staff",
    targetId: userId,
    details: { method },
    ipHash,
  });
}

/** Which second factors an account has (what the second step offers). */
export async function accountFactors(userId: string) {
  const user = await getPrisma().staffUser.findUnique({
    where: { id: userId },
    select: {
      totpSecretSealed: true,
      _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  return {
    totp: Boolean(user?.totpSecretSealed),
    passkeys: user?._count.passkeys ?? 0,
    recoveryCodes: user?._count.recoveryCodes ?? 0,
  };
}

/** The request's session that has passed the password but not yet the second factor, if any. */
export async function findPendingSignIn(request: Request) {
  const session = await getStaffSession(request);
  if (!session || session.mfaVerifiedAt) return null;
  const user = await getPrisma().staffUser.findUnique({
    where: { id: session.userId },
    select: { email: true, name: true, enrolledAt: true },
  });
  if (!user) return null;
  return {
    sessionId: session.id,
    userId: session.userId,
    email: user.email,
    name: user.name,
    enrolled: user.enrolledAt !== null,
  };
}
