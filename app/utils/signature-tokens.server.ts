import { createHash } from "node:crypto";
import { keyedMac, verifyingKeys, verifyMac } from "~/utils/keys.server";
import { formatUuid, uuidBytes } from "~/utils/uuid";

// Signature links. A confirmation token is an HMAC of one submission's id (a sign form as it was
// posted) and its link's expiry: 256 bits, unguessable, recomputable by the job that emails it (so
// a retried send carries the same link) and never stored: the database keeps only its SHA-256.
// Every submission has its own id, so two posts in the same millisecond still get two links. The
// withdrawal link is an HMAC of the signature id alone, so it keeps working after confirmation.

export const CONFIRMATION_LINK_DAYS = 7;

function confirmationData(submissionId: string, expiresAt: Date): string {
  return `${submissionId}:${expiresAt.toISOString()}`;
}

export function confirmationToken(submissionId: string, expiresAt: Date): string {
  return keyedMac("confirm", confirmationData(submissionId, expiresAt)).toString("base64url");
}

/**
 * The token whose hash was stored for a submission, recomputed under whichever key made it (the
 * current secret, or the previous one for links issued before a rotation); null when neither did.
 */
export function storedConfirmationToken(submissionId: string, expiresAt: Date, tokenHash: string) {
  for (const key of verifyingKeys("confirm")) {
    const token = keyedMac("confirm", confirmationData(submissionId, expiresAt), key).toString("base64url");
    if (hashToken(token) === tokenHash) return token;
  }
  return null;
}

export function withdrawalToken(signatureId: string): string {
  const id = uuidBytes(signatureId);
  return id.toString("base64url") + keyedMac("withdraw", id).subarray(0, 16).toString("base64url");
}

export function readWithdrawalToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, 22), "base64url");
  const given = Buffer.from(token.slice(22), "base64url");
  if (id.length !== 16 || given.length !== 16 || !verifyMac("withdraw", id, given)) return null;
  return formatUuid(id);
}

/** What the database stores instead of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
