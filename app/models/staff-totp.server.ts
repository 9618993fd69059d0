// Authenticator apps (RFC 6238: SHA-1, 6 digits, 30 s, one step either side). The secret is sealed
// with AES-256-GCM under a key derived from APP_SECRET and bound to its account, so a copy of the
// database (or a sealed secret moved to another row) yields nothing. Each time step is accepted
// once: the last accepted step is stored and anything at or before it is refused.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { currentKey, verifyingKeys } from "~/utils/keys.server";

const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;
const KEY_PURPOSE = "totp-secret";

/** A new secret, base32 (160 bits, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** `v1.iv.tag.ciphertext`, base64url; the account id is the additional data. */
export function sealTotpSecret(secret: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", currentKey(KEY_PURPOSE), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The secret, or null if it was sealed for another account or under a key no longer held. */
export function openTotpSecret(sealed: string, userId: string): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) return null;
  for (const key of verifyingKeys(KEY_PURPOSE)) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(userId));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      // Not this key: try the previous secret's.
    }
  }
  return null;
}

function totpFor(secret: string, label = "") {
  return new TOTP({
    issuer: getEnv().ORG_NAME,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The secret grouped in fours, as people type it into an app. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** The `otpauth://` URI and its QR code as an SVG document, drawn on the server. */
export async function totpEnrolment(secret: string, email: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpFor(secret, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { uri, qrSvg };
}

export function normalizeTotpCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/** The time step a code belongs to (now, or one step either side), or null. */
export function totpStepOf(secret: string, code: string, now = Date.now()): number | null {
  const token = normalizeTotpCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret).validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** The code of a step (for tests and for nothing else). */
export function totpCodeAt(secret: string, timestamp: number): string {
  return totpFor(secret).generate({ timestamp });
}

/**
 * Marks the step used for the account if no later or equal step was: true for exactly one of any
 * number of requests carrying the same code at once.
 */
async function claimStep(userId: string, step: number): Promise<boolean> {
  const count = await getPrisma().$executeRaw`
    UPDATE staff_users SET totp_last_step = ${BigInt(step)}
    WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${BigInt(step)})`;
  return count === 1;
}

/** Checks a code from the account's enrolled authenticator app, accepting each step once. */
export async function acceptTotpCode(userId: string, code: string, now = Date.now()): Promise<boolean> {
  const user = await getPrisma().staffUser.findUnique({
    where: { id: userId },
    select: { totpSecretSealed: true },
  });
  const secret = user?.totpSecretSealed ? openTotpSecret(user.totpSecretSealed, userId) : null;
  if (!secret) return false;
  const step = totpStepOf(secret, code, now);
  return step !== null && (await claimStep(userId, step));
}

/**
 * Enrols an authenticator app once the person has typed a code from it: proof that the secret
 * reached the app. `sealed` is the secret as the enrolment form carried it.
 */
export async function enableTotp(
  userId: string,
  sealed: string,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  const secret = openTotpSecret(sealed, userId);
  const step = secret ? totpStepOf(secret, code, now) : null;
  if (!secret || step === null) return false;
  await getPrisma().staffUser.update({
    where: { id: userId },
    data: { totpSecretSealed: sealTotpSecret(secret, userId), totpLastStep: BigInt(step) },
  });
  return true;
}

export async function disableTotp(userId: string): Promise<void> {
  await getPrisma().staffUser.update({
    where: { id: userId },
    data: { totpSecretSealed: null, totpLastStep: null },
  });
}
