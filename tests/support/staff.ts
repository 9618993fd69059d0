// Staff accounts and signed-in requests for tests, through the real session model. The account is
// made as enrolment leaves it (enrolled; the factors themselves are the auth tests' business).
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { csrfTokenFor, startStaffSession } from "~/models/staff-session.server";
import { getPrisma } from "~/utils/db.server";
import { keyedMac } from "~/utils/keys.server";
import type { StaffRoleName } from "~/utils/staff-roles";

export async function createStaffUser(
  role: StaffRoleName,
  email = `${role}-${randomUUID().slice(0, 8)}@ngo.example`,
) {
  return getPrisma().staffUser.create({
    data: { email, name: `${role} tester`, role, enrolledAt: new Date(), locale: "en" },
  });
}

export type SignedIn = { userId: string; cookie: string; csrf: string };

/** A session for `userId` with its second factor verified, as the cookie a browser would send. */
export async function signedInAs(userId: string): Promise<SignedIn> {
  const setCookie = await startStaffSession(
    userId,
    { ipHash: "dGVzdA", userAgent: "vitest" },
    { mfaVerified: true },
  );
  const cookie = setCookie.split(";")[0]!;
  const token = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  // The cookie's value is Remix's signed, encoded form; the session id is the keyed hash of the token inside.
  const decoded = JSON.parse(
    Buffer.from(token.slice(0, token.lastIndexOf(".")), "base64").toString(),
  ) as string;
  const sessionId = keyedMac("staff-session", decoded).toString("base64url");
  return { userId, cookie, csrf: csrfTokenFor(sessionId) };
}

/** A new staff member of `role`, signed in. */
export async function signedInStaff(role: StaffRoleName): Promise<SignedIn> {
  const user = await createStaffUser(role);
  return signedInAs(user.id);
}

export const TEST_CONTEXT: AppLoadContext = {
  cspNonce: "",
  cspWithNonce: "",
  ipHash: "dGVzdA",
  clientIp: "127.0.0.1",
};

/** A request to a staff URL as the signed-in member: a form POST when `form` is given (CSRF added). */
export function staffRequest(
  path: string,
  as: SignedIn | null,
  form?: Record<string, string | string[]>,
  options: { csrf?: string | null } = {},
): Request {
  const headers = new Headers();
  if (as) headers.set("cookie", as.cookie);
  if (!form) return new Request(`http://127.0.0.1${path}`, { headers });
  const body = new URLSearchParams();
  const csrf = options.csrf === undefined ? as?.csrf : options.csrf;
  if (csrf) body.set("csrf", csrf);
  for (const [name, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(`http://127.0.0.1${path}`, { method: "POST", headers, body });
}
