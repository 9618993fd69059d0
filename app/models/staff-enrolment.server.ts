// Staff accounts are created by an owner or admin (or `npm run staff:create`) and finished by the
// person themselves through a one-time enrolment link: valid 24 hours, single use, kept only as a
// keyed hash so a copy of the database enrols no one.
import { randomBytes } from "node:crypto";
import type { Locale } from "~/i18n/locales";
import { recordAudit } from "~/models/audit.server";
import { getPrisma } from "~/utils/db.server";
import { keyedMac } from "~/utils/keys.server";
import { absoluteUrl } from "~/utils/public-url.server";
import type { StaffRoleName } from "~/utils/staff-roles";

export const ENROLMENT_LINK_HOURS = 24;

function tokenHash(token: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(keyedMac("staff-token", token));
}

export function enrolmentPath(token: string, locale?: Locale): string {
  return `${locale ? `/${locale}` : ""}/admin/enrol/${token}`;
}

/**
 * A new single-use enrolment link for the account; any earlier unused link of the account stops
 * working, so only the newest one sent is live.
 */
export async function issueEnrolmentLink(userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.staffToken.updateMany({
      where: { userId, purpose: "enrol", usedAt: null },
      data: { usedAt: now },
    }),
    prisma.staffToken.create({
      data: {
        tokenHash: tokenHash(token),
        userId,
        purpose: "enrol",
        expiresAt: new Date(now.getTime() + ENROLMENT_LINK_HOURS * 3_600_000),
      },
    }),
  ]);
  return absoluteUrl(enrolmentPath(token));
}

/** The account an enrolment token is for, while the link is unused and unexpired; else null. */
export async function findEnrolment(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await getPrisma().staffToken.findUnique({
    where: { tokenHash: tokenHash(token) },
    include: { user: true },
  });
  if (!row || row.purpose !== "enrol" || row.usedAt || row.expiresAt <= now || row.user.disabledAt)
    return null;
  return row.user;
}

/**
 * Marks the link used; true only for the one caller that used it (a link opened twice at once
 * enrols once).
 */
export async function consumeEnrolment(token: string, now = new Date()): Promise<boolean> {
  const { count } = await getPrisma().staffToken.updateMany({
    where: { tokenHash: tokenHash(token), purpose: "enrol", usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

export class StaffEmailTakenError extends Error {
  override name = "StaffEmailTakenError";
}

/**
 * Creates an account (not yet enrolled: no password, no factor) and its first enrolment link.
 * `actorId` is null when created from the command line.
 */
export async function createStaffAccount(input: {
  email: string;
  role: StaffRoleName;
  name?: string;
  locale?: Locale;
  actorId: string | null;
  ipHash?: string;
}): Promise<{ userId: string; enrolmentUrl: string }> {
  const email = input.email.trim().toLowerCase();
  const prisma = getPrisma();
  const existing = await prisma.staffUser.findUnique({ where: { email } });
  if (existing) throw new StaffEmailTakenError(email);
  const user = await prisma.staffUser.create({
    data: { email, role: input.role, name: input.name ?? "", locale: input.locale ?? "ko" },
  });
  await recordAudit({
    actorId: input.actorId,
    action: "staff.created",
    targetType: "staff",
    targetId: user.id,
    details: { role: input.role },
    ipHash: input.ipHash,
  });
  return { userId: user.id, enrolmentUrl: await issueEnrolmentLink(user.id) };
}
