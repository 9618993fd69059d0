import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "~/utils/env.server";

let cached: { secret: string; key: Buffer } | undefined;

/**
 * A keyed hash of an IP address: enough to count requests from one address for abuse checks,
 * useless for finding out who it was without APP_SECRET. Raw addresses are never stored.
 */
export function hashIp(ip: string): string {
  const secret = getEnv().APP_SECRET;
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "rollcall/ip-hash/v1", 32)) };
  }
  return createHmac("sha256", cached.key).update(ip).digest("base64url").slice(0, 22);
}
