// Proof of work for signing under abnormal load: ALTCHA's scheme, self-hosted (altcha-lib), no
// third party (docs/decisions/0013). The browser tries numbers from 0 until SHA-256(salt + number)
// matches the challenge; the server checks the answer with one hash and one HMAC.
import { createChallenge, extractParams, verifySolution } from "altcha-lib";
import type { Challenge, Payload } from "altcha-lib/types";
import { currentKey, verifyingKeys } from "~/utils/keys.server";

// About 25,000 hashes on average: a fraction of a second on a laptop, one or two on a cheap phone,
// and the same again for a bot's every signature.
const MAX_NUMBER = 50_000;
const CHALLENGE_TTL_SECONDS = 10 * 60;
const MAX_PAYLOAD_LENGTH = 1_000;

const PURPOSE = "proof-of-work";

export type SignChallenge = Challenge;

export function createSignChallenge(now = Date.now()): Promise<SignChallenge> {
  return createChallenge({
    algorithm: "SHA-256",
    hmacKey: currentKey(PURPOSE).toString("hex"),
    maxnumber: MAX_NUMBER,
    expires: new Date(now + CHALLENGE_TTL_SECONDS * 1000),
  });
}

/**
 * A solved challenge (the form's `pow` field: base64 JSON, as ALTCHA posts it) that is ours,
 * unexpired and correct: its signature and expiry, for the caller's single-use check. Else null.
 */
export async function verifySignChallenge(
  payload: string,
): Promise<{ signature: string; expiresAt: Date } | null> {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD_LENGTH) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return null;
  }
  const solution = parsed as { algorithm?: unknown; signature?: unknown };
  if (solution.algorithm !== "SHA-256" || typeof solution.signature !== "string") return null;
  const expires = Number(extractParams(parsed as Payload).expires);
  if (!Number.isInteger(expires)) return null;
  // A challenge handed out just before a secret rotation is still good for its ten minutes.
  let verified = false;
  for (const key of verifyingKeys(PURPOSE)) {
    verified ||= await verifySolution(parsed as Payload, key.toString("hex"), true);
  }
  if (!verified) return null;
  return { signature: solution.signature, expiresAt: new Date(expires * 1000) };
}
