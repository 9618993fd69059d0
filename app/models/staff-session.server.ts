// Staff sessions: stored server-side (revocable), found by a keyed hash of the cookie's token, with
// an idle limit of 30 minutes and an absolute one of 12 hours. A session reaches nothing until its
// second factor is verified; every staff loader and action goes through requireStaff.
import { randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { samePrefixAs } from "~/i18n/locales";
import { createAppCookie } from "~/utils/cookies.server";
import { getPrisma } from "~/utils/db.server";
import { keyedMac, verifyMac } from "~/utils/keys.server";
import { hasRole, type StaffRoleName } from "~/utils/staff-roles";

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
// Writing lastSeenAt on every request would make each page a write; a minute's slack is harmless.
const TOUCH_EVERY_MS = 60_000;

let cookie: ReturnType<typeof createAppCookie> | undefined;
function staffCookie() {
  // SameSite=Strict: no request from another site ever carries the staff session.
  cookie ??= createAppCookie("staff", { sameSite: "strict" });
  return cookie;
}

function sessionIdFor(token: string): string {
  return keyedMac("staff-session", token).toString("base64url");
}

export type StaffOrigin = { ipHash: string; userAgent: string };

/**
 * Starts a new session for a user who has just given their password (or a passkey): always a new
 * id, so a token planted before sign-in is worth nothing after it. Returns the Set-Cookie value.
 */
export async function startStaffSession(
  userId: string,
  origin: StaffOrigin,
  options: { mfaVerified: boolean; replacing?: Request },
): Promise<string> {
  const prisma = getPrisma();
  const previous = options.replacing ? await readSessionId(options.replacing) : null;
  if (previous) await prisma.staffSession.deleteMany({ where: { id: previous } });
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await prisma.staffSession.create({
    data: {
      id: sessionIdFor(token),
      userId,
      mfaVerifiedAt: options.mfaVerified ? now : null,
      reauthAt: options.mfaVerified ? now : null,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ipHash: Buffer.from(origin.ipHash, "base64url"),
      userAgent: origin.userAgent.slice(0, 200),
    },
  });
  return staffCookie().serialize(token, { maxAge: SESSION_ABSOLUTE_MS / 1000 });
}

async function readSessionId(request: Request): Promise<string | null> {
  const token: unknown = await staffCookie().parse(request.headers.get("cookie"));
  return typeof token === "string" && token.length > 0 ? sessionIdFor(token) : null;
}

/** A Set-Cookie value that removes the session cookie. */
export async function clearStaffCookie(): Promise<string> {
  return staffCookie().serialize("", { maxAge: 0 });
}

export type StaffSessionView = Awaited<ReturnType<typeof findSession>>;

async function findSession(id: string) {
  return getPrisma().staffSession.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, email: true, name: true, role: true, locale: true, disabledAt: true } },
    },
  });
}

function isLive(session: NonNullable<StaffSessionView>, now: Date): boolean {
  return (
    !session.revokedAt &&
    !session.user.disabledAt &&
    session.expiresAt > now &&
    now.getTime() - session.lastSeenAt.getTime() < SESSION_IDLE_MS
  );
}

/**
 * The request's live session, second factor verified or not, or null. Counts as activity: the
 * idle limit starts again.
 */
export async function getStaffSession(request: Request, now = new Date()) {
  const id = await readSessionId(request);
  if (!id) return null;
  const session = await findSession(id);
  if (!session || !isLive(session, now)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await getPrisma().staffSession.update({ where: { id }, data: { lastSeenAt: now } });
  }
  return session;
}

export type StaffContext = {
  sessionId: string;
  user: { id: string; email: string; name: string; role: StaffRoleName; locale: string };
  csrfToken: string;
  /** When the second factor was last given in this session (for changes that ask for it again). */
  reauthAt: Date | null;
};

/** The token every state-changing staff form carries: tied to its session, useless in another. */
export function csrfTokenFor(sessionId: string): string {
  return keyedMac("staff-csrf", sessionId).subarray(0, 24).toString("base64url");
}

function csrfTokenValid(sessionId: string, given: unknown): boolean {
  if (typeof given !== "string" || !/^[A-Za-z0-9_-]{32}$/.test(given)) return false;
  return verifyMac("staff-csrf", sessionId, Buffer.from(given, "base64url"));
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** The sign-in page, remembering the page asked for (the same site only). */
export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const next = SAFE_METHODS.has(request.method) ? url.pathname + url.search : "";
  const target = samePrefixAs(url.pathname, "/admin/sign-in");
  return redirect(next ? `${target}?next=${encodeURIComponent(next)}` : target);
}

/**
 * The signed-in staff member, if their role is `minimum` or above; otherwise a thrown response: the
 * sign-in page without a (fully verified) session, 403 for a lower role. Requests that change
 * anything must carry the session's CSRF token (form field `csrf` or header `X-CSRF-Token`).
 */
export async function requireStaff(request: Request, minimum: StaffRoleName): Promise<StaffContext> {
  const session = await getStaffSession(request);
  if (!session?.mfaVerifiedAt) throw signInRedirect(request);
  if (!hasRole(session.user.role, minimum)) throw new Response("Forbidden", { status: 403 });
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers.get("x-csrf-token") ?? (await csrfFieldOf(request));
    if (!csrfTokenValid(session.id, given)) throw new Response("Forbidden", { status: 403 });
  }
  return {
    sessionId: session.id,
    user: { ...session.user, role: session.user.role },
    csrfToken: csrfTokenFor(session.id),
    reauthAt: session.reauthAt,
  };
}

async function csrfFieldOf(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return null;
  try {
    return (await request.clone().formData()).get("csrf");
  } catch {
    return null;
  }
}

/** Ends one session (signing out). */
export async function endStaffSession(sessionId: string): Promise<void> {
  await getPrisma().staffSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Ends every session of a user ("sign out everywhere", or an owner ending someone's sessions). */
export async function endAllStaffSessions(userId: string, except?: string): Promise<number> {
  const { count } = await getPrisma().staffSession.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** Marks the second factor as given now (at sign-in, or asked again before a sensitive change). */
export async function markSessionVerified(sessionId: string, now = new Date()): Promise<void> {
  await getPrisma().staffSession.update({
    where: { id: sessionId },
    data: { mfaVerifiedAt: now, reauthAt: now, lastSeenAt: now },
  });
}
