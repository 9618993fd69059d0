import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

// An unsubscribe link names one list membership (a subscription) and proves it came from us:
// 16 bytes of the subscription's UUID, then a 128-bit HMAC of them, both base64url (44 chars).
// Nothing is stored, so every email of a subscription carries the same working link, and the
// link cannot be forged or walked to another subscription without APP_SECRET.

const ID_CHARS = 22;

let cachedKey: { secret: string; key: Buffer } | undefined;

// Derived once per secret: a fan-out signs a token for every message.
function signingKey(): Buffer {
  const secret = getEnv().APP_SECRET;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "rollcall/unsubscribe/v1", 32)) };
  }
  return cachedKey.key;
}

function mac(id: Buffer): Buffer {
  return createHmac("sha256", signingKey()).update(id).digest().subarray(0, 16);
}

export function createUnsubscribeToken(subscriptionId: string): string {
  const id = Buffer.from(subscriptionId.replaceAll("-", ""), "hex");
  return id.toString("base64url") + mac(id).toString("base64url");
}

/** The subscription id the token was made for, or null for anything forged, altered or malformed. */
export function readUnsubscribeToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, ID_CHARS), "base64url");
  const given = Buffer.from(token.slice(ID_CHARS), "base64url");
  if (id.length !== 16 || given.length !== 16 || !timingSafeEqual(given, mac(id))) return null;
  const hex = id.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
