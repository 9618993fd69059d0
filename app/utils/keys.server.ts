import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

// Every use of APP_SECRET gets its own key, derived here and nowhere else (THREATS.md, rule 4): a
// key that leaks from one use (say, the IP fingerprints) says nothing about another (the links in
// emails). While APP_SECRET_PREVIOUS is set, what was signed before a rotation still verifies.

const cache = new Map<string, Buffer>();

function derive(secret: string, purpose: string): Buffer {
  const id = `${purpose}\0${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", `rollcall/${purpose}/v1`, 32));
    cache.set(id, key);
  }
  return key;
}

/** The current key for one purpose (e.g. "confirm", "ip-hash"). */
export function currentKey(purpose: string): Buffer {
  return derive(getEnv().APP_SECRET, purpose);
}

/** The keys that still verify for a purpose: the current one first, then the previous secret's. */
export function verifyingKeys(purpose: string): Buffer[] {
  const { APP_SECRET, APP_SECRET_PREVIOUS } = getEnv();
  const keys = [derive(APP_SECRET, purpose)];
  if (APP_SECRET_PREVIOUS) keys.push(derive(APP_SECRET_PREVIOUS, purpose));
  return keys;
}

/** HMAC-SHA256 of `data` under a purpose's key (the current one unless `key` is given). */
export function keyedMac(purpose: string, data: string | Buffer, key = currentKey(purpose)): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** Whether `given` is the (possibly truncated) MAC of `data` under any key that still verifies. */
export function verifyMac(purpose: string, data: string | Buffer, given: Buffer): boolean {
  return verifyingKeys(purpose).some((key) => {
    const expected = keyedMac(purpose, data, key).subarray(0, given.length);
    return given.length > 0 && timingSafeEqual(expected, given);
  });
}
