import { keyedMac, verifyMac } from "~/utils/keys.server";
import { formatUuid, uuidBytes } from "~/utils/uuid";

// A link token that names one row and proves it came from us: 16 bytes of the row's UUID, then a
// 128-bit HMAC of them under a key of the link's own purpose, both base64url (22 + 22 characters).
// Nothing is stored, so every email about the row can carry the same working link, and the token
// cannot be forged, walked to another row or used for another purpose without APP_SECRET.
//
// Only the spelling we made is accepted. Sixteen bytes fill 21⅓ base64url characters, so the last
// character of each half carries bits the decoder drops: without the final comparison, several
// strings would read as the same token, and "changing one character refuses the link" would hold
// only most of the time.

const HALF = 22;

export function makeIdToken(purpose: string, id: string): string {
  const bytes = uuidBytes(id);
  return bytes.toString("base64url") + keyedMac(purpose, bytes).subarray(0, 16).toString("base64url");
}

/** The UUID the token was made for, or null for anything forged, altered or malformed. */
export function readIdToken(purpose: string, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, HALF), "base64url");
  const given = Buffer.from(token.slice(HALF), "base64url");
  if (id.length !== 16 || given.length !== 16) return null;
  if (id.toString("base64url") + given.toString("base64url") !== token) return null;
  return verifyMac(purpose, id, given) ? formatUuid(id) : null;
}
