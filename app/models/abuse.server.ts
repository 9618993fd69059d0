// Abuse checks for signing, after the proven rules of big petition sites: limits per IP (as a keyed
// hash) and per email domain for each campaign, and a staff block list. Nothing is rejected: a
// signature over a limit is accepted and flagged, so it is never counted, and the attacker learns
// nothing. Limits live in PostgreSQL, so every app process shares them.
import { BlockList, isIP } from "node:net";
import { getPool, getPrisma } from "~/utils/db.server";

export const SIGN_LIMITS = {
  windowSeconds: 3_600,
  // Generous: carrier-grade NAT puts whole mobile networks and campuses behind a few addresses.
  perIp: 50,
  perDomain: 200,
};

// Providers with millions of users: a limit per domain would only catch real supporters there.
const LARGE_PROVIDERS = new Set([
  "gmail.com",
  "googlemail.com",
  "naver.com",
  "daum.net",
  "hanmail.net",
  "kakao.com",
  "nate.com",
  "yahoo.co.jp",
  "yahoo.com",
  "docomo.ne.jp",
  "ezweb.ne.jp",
  "au.com",
  "softbank.ne.jp",
  "i.softbank.jp",
  "icloud.com",
  "me.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "web.de",
  "qq.com",
  "163.com",
]);

/**
 * Adds one hit to each of the fixed-window counters (one statement, however many) and returns
 * each window's count so far, in the keys' order.
 */
export async function hitRateLimits(
  keys: string[],
  windowSeconds: number,
  now = Date.now(),
): Promise<number[]> {
  const windowStart = new Date(Math.floor(now / (windowSeconds * 1000)) * windowSeconds * 1000);
  // Through `pg`, prepared once per connection: this runs on every signature (docs/decisions/0012).
  const { rows } = await getPool().query<{ key: string; count: number }>({
    name: "hit-rate-limits",
    text: `INSERT INTO rate_limit_counters (key, window_start, count)
      SELECT key, $2, 1 FROM unnest($1::text[]) AS key
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
      RETURNING key, count`,
    values: [keys, windowStart],
  });
  const byKey = new Map(rows.map((row) => [row.key, row.count]));
  return keys.map((key) => byKey.get(key) ?? 0);
}

export async function hitRateLimit(key: string, windowSeconds: number, now = Date.now()): Promise<number> {
  const [count] = await hitRateLimits([key], windowSeconds, now);
  return count!;
}

type BlockRules = { domains: Set<string>; ranges: BlockList; loadedAt: number };
let rules: BlockRules | undefined;
const RULES_TTL_MS = 30_000;

// The block list changes rarely and is read on every signature: kept for 30 s per process.
async function blockRules(): Promise<BlockRules> {
  if (rules && Date.now() - rules.loadedAt < RULES_TTL_MS) return rules;
  const blocks = await getPrisma().abuseBlock.findMany();
  const ranges = new BlockList();
  for (const block of blocks.filter((b) => b.kind === "ip_range")) {
    const [address = "", prefix = ""] = block.value.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (isIP(address)) ranges.addSubnet(address, Number(prefix || (family === "ipv6" ? 128 : 32)), family);
  }
  rules = {
    domains: new Set(blocks.filter((b) => b.kind === "email_domain").map((b) => b.value.toLowerCase())),
    ranges,
    loadedAt: Date.now(),
  };
  return rules;
}

/** Forgets the cached block list (after staff edit it, and in tests). */
export function clearBlockRulesCache(): void {
  rules = undefined;
}

type SignAttempt = { campaignId: string; email: string; ipHash: string; clientIp: string };

/** Why a signature should be flagged, or null when it passes every check. */
export async function assessSignature(attempt: SignAttempt): Promise<string | null> {
  const domain = attempt.email.slice(attempt.email.lastIndexOf("@") + 1).toLowerCase();
  const { domains, ranges } = await blockRules();
  if (domains.has(domain)) return "blocked-domain";
  const family = isIP(attempt.clientIp);
  if (family && ranges.check(attempt.clientIp, family === 6 ? "ipv6" : "ipv4")) return "blocked-ip";
  const { windowSeconds, perIp, perDomain } = SIGN_LIMITS;
  // Both counters in one statement: a signature counts against its IP and its domain alike.
  const ipKey = attempt.ipHash ? `sign:ip:${attempt.campaignId}:${attempt.ipHash}` : null;
  const domainKey = LARGE_PROVIDERS.has(domain) ? null : `sign:domain:${attempt.campaignId}:${domain}`;
  const keys = [ipKey, domainKey].filter((key): key is string => key !== null);
  if (keys.length === 0) return null;
  const results = await hitRateLimits(keys, windowSeconds);
  const counts = new Map(keys.map((key, i) => [key, results[i]!]));
  if (ipKey && counts.get(ipKey)! > perIp) return "rate-limit-ip";
  if (domainKey && counts.get(domainKey)! > perDomain) return "rate-limit-domain";
  return null;
}

/** Deletes rate-limit windows that ended more than `keepHours` ago; returns how many. */
export async function deleteExpiredRateLimitWindows(keepHours = 24): Promise<number> {
  const { count } = await getPrisma().rateLimitCounter.deleteMany({
    where: {
      windowStart: { lt: new Date(Date.now() - keepHours * 3_600_000 - SIGN_LIMITS.windowSeconds * 1000) },
    },
  });
  return count;
}
