import { normalizeEmail } from "~/utils/email-address";
import { keyedMac, verifyingKeys } from "~/utils/keys.server";

// A mailbox's identity, as stored and counted: a keyed hash of its normalised address. Signatures
// are unique by it and stay deduplicated after a withdrawn one loses its address; email caps count
// by it, so no rate-limit key ever holds an address.

const PURPOSE = "email-key";

function keyUnder(key: Buffer, email: string): string {
  return keyedMac(PURPOSE, normalizeEmail(email), key).toString("base64url").slice(0, 32);
}

export function emailKey(email: string): string {
  return keyUnder(verifyingKeys(PURPOSE)[0]!, email);
}

/** The key an address had under the previous APP_SECRET, while a rotation is under way. */
export function previousEmailKey(email: string): string | null {
  const previous = verifyingKeys(PURPOSE)[1];
  return previous ? keyUnder(previous, email) : null;
}
