import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

// Signature links. A confirmation token is an HMAC of the signature id and its link's expiry:
// 256 bits, unguessable, recomputable by the job that emails it (so a retried send carries the
// same link) and never stored: the database keeps only its SHA-256. Re-sending a confirmation
// moves the expiry, which makes a new token and retires the old one. The withdrawal link is an
// HMAC of the id alone, so it keeps working after confirmation.

const keys = new Map<string, Buffer>();

function key(purpose: string): Buffer {
  const secret = getEnv().APP_SECRET;
  const id = `${purpose}:${secret}`;
  let derived = keys.get(id);
  if (!derived) {
    derived = Buffer.from(hkdfSync("sha256", secret, "", `rollcall/${purpose}/v1`, 32));
    keys.set(id, derived);
  }
  return derived;
}

export function confirmationToken(signatureId: string, expiresAt: Date): string {
  return createHmac("sha256", key("confirm"))
    .update(`${signatureId}:${expiresAt.toISOString()}`)
    .digest("base64url");
}

export function withdrawalToken(signatureId: string): string {
  const id = Buffer.from(signatureId.replaceAll("-", ""), "hex");
  return (
    id.toString("base64url") +
    createHmac("sha256", key("withdraw")).update(id).digest().subarray(0, 16).toString("base64url")
  );
}

export function readWithdrawalToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, 22), "base64url");
  if (id.length !== 16) return null;
  const expected = Buffer.from(withdrawalToken(formatUuid(id)));
  if (!timingSafeEqual(expected, Buffer.from(token))) return null;
  return formatUuid(id);
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What the database stores instead of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export const CONFIRMATION_LINK_DAYS = 7;
