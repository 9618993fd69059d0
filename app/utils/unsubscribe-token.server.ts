import { keyedMac, verifyMac } from "~/utils/keys.server";
import { formatUuid, uuidBytes } from "~/utils/uuid";

// An unsubscribe link names one list membership (a subscription) and proves it came from us:
// 16 bytes of the subscription's UUID, then a 128-bit HMAC of them, both base64url (44 chars).
// Nothing is stored, so every email of a subscription carries the same working link, and the
// link cannot be forged or walked to another subscription without APP_SECRET.

const ID_CHARS = 22;
const PURPOSE = "unsubscribe";

export function createUnsubscribeToken(subscriptionId: string): string {
  const id = uuidBytes(subscriptionId);
  return id.toString("base64url") + keyedMac(PURPOSE, id).subarray(0, 16).toString("base64url");
}

/** The subscription id the token was made for, or null for anything forged, altered or malformed. */
export function readUnsubscribeToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, ID_CHARS), "base64url");
  const given = Buffer.from(token.slice(ID_CHARS), "base64url");
  if (id.length !== 16 || given.length !== 16 || !verifyMac(PURPOSE, id, given)) return null;
  return formatUuid(id);
}
