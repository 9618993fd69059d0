// Passkeys (WebAuthn) for staff: the factor a phishing site cannot replay, since the browser binds
// each answer to our origin. Challenges are kept on the server (on the session, or for a sign-in
// with a passkey alone in a short-lived signed cookie) and each is answered once.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { useOnce } from "~/models/abuse.server";
import { createAppCookie } from "~/utils/cookies.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const PASSKEY_TIMEOUT_MS = 5 * 60_000;

export function relyingParty(): { rpID: string; origin: string; rpName: string } {
  const url = new URL(getEnv().APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: getEnv().ORG_NAME };
}

// What the browser posts back: parsed loosely here, checked in full by @simplewebauthn/server.
const CredentialJsonSchema = z.object({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal("public-key"),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().optional(),
});

export function parseCredentialJson(text: unknown): unknown {
  if (typeof text !== "string" || text.length > 20_000) return null;
  try {
    const parsed = CredentialJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Takes the session's waiting challenge, so that it can be answered once only. */
async function takeSessionChallenge(sessionId: string): Promise<string | null> {
  const rows = await getPrisma().$queryRaw<{ challenge: string }[]>`
    UPDATE staff_sessions s SET challenge = NULL
    FROM (SELECT id, challenge FROM staff_sessions WHERE id = ${sessionId} FOR UPDATE) old
    WHERE s.id = old.id AND old.challenge IS NOT NULL
    RETURNING old.challenge`;
  return rows[0]?.challenge ?? null;
}

async function storeSessionChallenge(sessionId: string, challenge: string): Promise<void> {
  await getPrisma().staffSession.update({ where: { id: sessionId }, data: { challenge } });
}

/** Options for adding a passkey to the account; the challenge waits on the session. */
export async function passkeyRegistrationOptions(
  user: { id: string; email: string; name: string },
  sessionId: string,
) {
  const rp = relyingParty();
  const existing = await getPrisma().staffPasskey.findMany({ where: { userId: user.id } });
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.name || user.email,
    userID: new TextEncoder().encode(user.id),
    timeout: PASSKEY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: key.transports })),
    // Resident: so that "sign in with a passkey" works without typing an address first.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await storeSessionChallenge(sessionId, options.challenge);
  return options;
}

/** Verifies a new passkey's answer and stores it; false if it does not check out. */
export async function registerPasskey(userId: string, sessionId: string, response: unknown, name: string) {
  const challenge = await takeSessionChallenge(sessionId);
  if (!challenge || !response) return false;
  const rp = relyingParty();
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
    if (!result.verified) return false;
    const { credential } = result.registrationInfo;
    await getPrisma().staffPasskey.create({
      data: {
        id: credential.id,
        userId,
        publicKey: Uint8Array.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        name: name.slice(0, 100),
      },
    });
    return true;
  } catch {
    // A malformed or forged answer, or a credential already registered: refused like a wrong one.
    return false;
  }
}

async function authenticationOptions(userId: string | null) {
  const rp = relyingParty();
  const allow = userId ? await getPrisma().staffPasskey.findMany({ where: { userId } }) : [];
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    timeout: PASSKEY_TIMEOUT_MS,
    userVerification: "required",
    allowCredentials: allow.map((key) => ({ id: key.id, transports: key.transports })),
  });
}

/** Options to prove the account's passkey (as a second factor, or asked again); the challenge waits on the session. */
export async function passkeyAuthenticationOptions(userId: string, sessionId: string) {
  const options = await authenticationOptions(userId);
  await storeSessionChallenge(sessionId, options.challenge);
  return options;
}

/**
 * Checks an answer against the challenge and the stored credential; on success moves the
 * credential's counter on (refusing an answer that does not) and returns its account's id.
 */
async function verifyAssertion(
  response: unknown,
  challenge: string,
  userId: string | null,
): Promise<string | null> {
  const answer = response as AuthenticationResponseJSON | null;
  if (!answer) return null;
  const prisma = getPrisma();
  const passkey = await prisma.staffPasskey.findUnique({
    where: { id: answer.id },
    include: { user: { select: { disabledAt: true, enrolledAt: true } } },
  });
  if (!passkey || (userId && passkey.userId !== userId) || passkey.user.disabledAt) return null;
  // Only an enrolled account signs in with a passkey alone; during enrolment the session names the account.
  if (!userId && !passkey.user.enrolledAt) return null;
  const rp = relyingParty();
  try {
    const result = await verifyAuthenticationResponse({
      response: answer,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: Uint8Array.from(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
    });
    if (!result.verified) return null;
    // Conditional on the counter read: of two answers racing with one counter, one wins.
    const { count } = await prisma.staffPasskey.updateMany({
      where: { id: passkey.id, counter: passkey.counter },
      data: { counter: BigInt(result.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    return count === 1 ? passkey.userId : null;
  } catch {
    return null;
  }
}

/** A passkey answer for the session's challenge, from the given account's passkeys. */
export async function verifySessionPasskey(
  userId: string,
  sessionId: string,
  response: unknown,
): Promise<boolean> {
  const challenge = await takeSessionChallenge(sessionId);
  return challenge !== null && (await verifyAssertion(response, challenge, userId)) === userId;
}

let challengeCookie: ReturnType<typeof createAppCookie> | undefined;
function passkeyChallengeCookie() {
  challengeCookie ??= createAppCookie("staff-passkey", {
    sameSite: "strict",
    maxAge: PASSKEY_TIMEOUT_MS / 1000,
  });
  return challengeCookie;
}

/** Options for signing in with a passkey alone (any account's, discoverable), and the cookie holding the challenge. */
export async function passkeySignInOptions(now = Date.now()) {
  const options = await authenticationOptions(null);
  const cookie = await passkeyChallengeCookie().serialize({
    challenge: options.challenge,
    expiresAt: now + PASSKEY_TIMEOUT_MS,
  });
  return { options, cookie };
}

const ChallengeCookieSchema = z.object({ challenge: z.string().min(16).max(200), expiresAt: z.number() });

/** The account a passkey-only sign-in proves, or null; each challenge is answered once. */
export async function verifyPasskeySignIn(
  request: Request,
  response: unknown,
  now = Date.now(),
): Promise<string | null> {
  const parsed = ChallengeCookieSchema.safeParse(
    await passkeyChallengeCookie().parse(request.headers.get("cookie")),
  );
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  const { challenge, expiresAt } = parsed.data;
  if (!(await useOnce(`staff-passkey:${challenge}`, new Date(expiresAt)))) return null;
  return verifyAssertion(response, challenge, null);
}

export async function clearPasskeyChallengeCookie(): Promise<string> {
  return passkeyChallengeCookie().serialize("", { maxAge: 0 });
}

export async function listPasskeys(userId: string) {
  const rows = await getPrisma().staffPasskey.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function removePasskey(userId: string, passkeyId: string): Promise<boolean> {
  const { count } = await getPrisma().staffPasskey.deleteMany({ where: { id: passkeyId, userId } });
  return count === 1;
}
