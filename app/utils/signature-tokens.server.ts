import { createHash } from "node:crypto";
import { makeIdToken, readIdToken } from "~/utils/id-token.server";
import { keyedMac, verifyingKeys } from "~/utils/keys.server";

// Signature links. A confirmation token is an HMAC of one submission's id (a sign form as it was
// posted) and its link's expiry: 256 bits, unguessable, recomputable by the job that emails it (so
// a retried send carries the same link) and never stored: the database keeps only its SHA-256.
// Every submission has its own id, so two posts in the same millisecond still get two links. The
// withdrawal link names the signature alone (app/utils/id-token.server.ts), so it keeps working
// after confirmation.

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

export const withdrawalToken = (signatureId: string) => makeIdToken("withdraw", signatureId);
export const readWithdrawalToken = (token: string) => readIdToken("withdraw", token);

/** What the database stores instead of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
