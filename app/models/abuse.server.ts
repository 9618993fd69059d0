// Abuse checks for signing, after the proven rules of big petition sites: limits per IP (as a keyed
// hash) and per email domain for each campaign, and a staff block list. Nothing is rejected: a
// signature over a limit is accepted and flagged, so it is never counted, and the attacker learns
// nothing. Limits live in PostgreSQL, so every app process shares them.
//
// Under abnormal load (one address signing a campaign again and again, or a campaign receiving far
// more signatures a minute than usual) signing also asks for a proof of work, solved in the
// signer's browser (docs/decisions/0013). A signature without one is kept but flagged.
import { BlockList, isIP } from "node:net";
import { getPool, getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { FORM_MAX_AGE_MS } from "~/utils/form-timing.server";

export const SIGN_LIMITS = {
  windowSeconds: 3_600,
  // Generous: carrier-grade NAT puts whole mobile networks and campuses behind a few addresses.
  perIp: 50,
  perDomain: 200,
};

// How often one mailbox (by its keyed, normalised address) can be the subject of a sign post that
// may email it, in a day, whoever posts: a person who lost an email asks again once or twice;
// anyone asking more is using our server to flood somebody else's inbox. Every such post counts,
// mailed or not, so a flood only ever reaches its first few (docs/decisions/0010).
export const EMAIL_CAPS = {
  windowSeconds: 86_400,
  perCampaign: 3,
  perAddress: 10,
};

// A form token that signs more often than this from one network is being replayed by a script: a
// person signs once per page, twice when a post seems not to go through. The token is shared by
// everyone the same cached page was served to (docs/decisions/0016), so uses count per network.
export const FORM_TOKEN_USES = 3;

/**
 * Reasons that only a script produces. Their signatures are kept (and never counted) but nobody
 * is emailed: the address was typed by whoever runs the script. Everything else a person can trip
 * (a shared network over its limit, no JavaScript under load) and still gets its one email.
 */
export const BOT_FLAG_REASONS = new Set([
  "honeypot",
  "too-fast",
  "bad-form-token",
  "form-reused",
  "blocked-domain",
  "blocked-ip",
]);

export const CHALLENGE_LIMITS = {
  // Within SIGN_LIMITS.windowSeconds: a household or an office signs a few times; more is unusual.
  perIp: 10,
  campaignWindowSeconds: 60,
  // A campaign's minute is counted in shards, so signatures never queue on one hot row; each
  // shard sees about 1/shards of them, and its share of the limit is judged alone.
  campaignShards: 8,
  // Once a campaign's minute goes over SIGN_CHALLENGE_PER_MINUTE, the challenge stays on this long.
  campaignAlarmSeconds: 600,
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

type Hit = { key: string; windowSeconds: number };

export function windowStart(windowSeconds: number, now: number): Date {
  return new Date(Math.floor(now / (windowSeconds * 1000)) * windowSeconds * 1000);
}

/**
 * Adds one hit to each fixed-window counter (one statement, however many) and returns each
 * window's count so far, in the hits' order. Also reports whether `alarmKey`, if given, is raised
 * (see raiseAlarm): the sign path learns both in one round trip.
 */
export async function hitRateLimits(
  hits: Hit[],
  now = Date.now(),
  alarmKey: string | null = null,
): Promise<{ counts: number[]; alarmRaised: boolean }> {
  // Through `pg`, prepared once per connection: this runs on every signature (docs/decisions/0012).
  const { rows } = await getPool().query<{ key: string; count: number }>({
    name: "hit-rate-limits",
    text: `WITH hit AS (
        INSERT INTO rate_limit_counters (key, window_start, count)
        SELECT key, window_start, 1 FROM unnest($1::text[], $2::timestamptz[]) AS hit(key, window_start)
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
        RETURNING key, count
      )
      SELECT key, count FROM hit
      UNION ALL
      (SELECT key, count FROM rate_limit_counters WHERE key = $3 AND window_start > $4 LIMIT 1)`,
    values: [
      hits.map((hit) => hit.key),
      hits.map((hit) => windowStart(hit.windowSeconds, now)),
      alarmKey,
      new Date(now),
    ],
  });
  const byKey = new Map(rows.map((row) => [row.key, row.count]));
  return {
    counts: hits.map((hit) => byKey.get(hit.key) ?? 0),
    alarmRaised: alarmKey !== null && byKey.has(alarmKey),
  };
}

export async function hitRateLimit(key: string, windowSeconds: number, now = Date.now()): Promise<number> {
  const { counts } = await hitRateLimits([{ key, windowSeconds }], now);
  return counts[0]!;
}

/** An alarm is a row whose window_start is when it ends; it is pruned with the counters. */
export async function raiseAlarm(key: string, seconds: number, now = Date.now()): Promise<void> {
  await getPrisma().$executeRaw`
    INSERT INTO rate_limit_counters (key, window_start, count)
    VALUES (${key}, ${new Date(now + seconds * 1000)}, 1) ON CONFLICT DO NOTHING`;
}

/**
 * Marks a single-use token (a solved challenge) as used until it expires anyway. True the first
 * time, false for every replay.
 */
export async function useOnce(token: string, expiresAt: Date): Promise<boolean> {
  // On the sign path under load: through `pg`, prepared once per connection (docs/decisions/0012).
  const { rows } = await getPool().query<{ count: number }>({
    name: "use-once",
    text: `INSERT INTO rate_limit_counters (key, window_start, count) VALUES ($1, $2, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
      RETURNING count`,
    values: [`once:${token}`, expiresAt],
  });
  return rows[0]!.count === 1;
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

type SignAttempt = {
  campaignId: string;
  email: string;
  /** The keyed hash of the normalised address (emailKey). */
  emailKey: string;
  /** The form's signed "shown at" token, already checked to be ours and fresh. */
  formToken: string;
  ipHash: string;
  clientIp: string;
};

export type SignAssessment = {
  /** Why the signature should be flagged, or null when it passes every check. */
  flagReason: string | null;
  /** Whether it must come with a solved proof-of-work challenge to count. */
  challenge: boolean;
  /** Whether this address may be emailed once more today (EMAIL_CAPS). */
  mayEmail: boolean;
};

const emailCapKeys = (campaignId: string, key: string): Hit[] => [
  { key: `mail:campaign:${campaignId}:${key}`, windowSeconds: EMAIL_CAPS.windowSeconds },
  { key: `mail:address:${key}`, windowSeconds: EMAIL_CAPS.windowSeconds },
];

const withinEmailCaps = ([perCampaign = 0, perAddress = 0]: number[]) =>
  perCampaign <= EMAIL_CAPS.perCampaign && perAddress <= EMAIL_CAPS.perAddress;

/** Counts one more email to a mailbox about a campaign; false once it is over a cap. */
export async function mayEmailAbout(campaignId: string, key: string): Promise<boolean> {
  const { counts } = await hitRateLimits(emailCapKeys(campaignId, key));
  return withinEmailCaps(counts);
}

const signKeys = (campaignId: string, ipHash: string) => ({
  ip: ipHash ? `sign:ip:${campaignId}:${ipHash}` : null,
  campaignShard: (shard: number) => `sign:campaign:${campaignId}:${shard}`,
  alarm: `alarm:campaign:${campaignId}`,
});

/** A campaign shard's share of SIGN_CHALLENGE_PER_MINUTE. */
const perShardPerMinute = () =>
  Math.ceil(getEnv().SIGN_CHALLENGE_PER_MINUTE / CHALLENGE_LIMITS.campaignShards);

/** Whether the staff block list covers this address's domain or this client's IP range. */
export async function blockedReason(
  email: string,
  clientIp: string,
): Promise<"blocked-domain" | "blocked-ip" | null> {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  const { domains, ranges } = await blockRules();
  if (domains.has(domain)) return "blocked-domain";
  const family = isIP(clientIp);
  if (family && ranges.check(clientIp, family === 6 ? "ipv6" : "ipv4")) return "blocked-ip";
  return null;
}

/** Counts one signing attempt against its IP, its email domain and its campaign, and judges it. */
export async function assessSignature(attempt: SignAttempt): Promise<SignAssessment> {
  const domain = attempt.email.slice(attempt.email.lastIndexOf("@") + 1).toLowerCase();
  const blocked = await blockedReason(attempt.email, attempt.clientIp);
  if (blocked) return { flagReason: blocked, challenge: false, mayEmail: false };
  const { windowSeconds, perIp, perDomain } = SIGN_LIMITS;
  const keys = signKeys(attempt.campaignId, attempt.ipHash);
  const domainKey = LARGE_PROVIDERS.has(domain) ? null : `sign:domain:${attempt.campaignId}:${domain}`;
  const shard = Math.floor(Math.random() * CHALLENGE_LIMITS.campaignShards);
  const hits: Hit[] = [
    { key: keys.campaignShard(shard), windowSeconds: CHALLENGE_LIMITS.campaignWindowSeconds },
  ];
  const formKey = `form:${attempt.formToken}:${attempt.ipHash}`;
  const mailKeys = emailCapKeys(attempt.campaignId, attempt.emailKey);
  hits.push({ key: formKey, windowSeconds: FORM_MAX_AGE_MS / 1000 }, ...mailKeys);
  if (keys.ip) hits.push({ key: keys.ip, windowSeconds });
  if (domainKey) hits.push({ key: domainKey, windowSeconds });
  // Every counter and the campaign's alarm in one statement.
  const { counts, alarmRaised } = await hitRateLimits(hits, Date.now(), keys.alarm);
  const countOf = (key: string | null) =>
    key === null ? 0 : (counts[hits.findIndex((h) => h.key === key)] ?? 0);
  const [campaignCount, ipCount, domainCount] = [countOf(hits[0]!.key), countOf(keys.ip), countOf(domainKey)];
  const mayEmail = withinEmailCaps(mailKeys.map((hit) => countOf(hit.key)));
  if (countOf(formKey) > FORM_TOKEN_USES)
    return { flagReason: "form-reused", challenge: false, mayEmail: false };

  const perMinute = perShardPerMinute();
  // The signature that first takes a shard's minute over raises the alarm (once per shard, not
  // once per signature after it).
  if (campaignCount === perMinute + 1) {
    await raiseAlarm(keys.alarm, CHALLENGE_LIMITS.campaignAlarmSeconds);
  }
  const challenge =
    alarmRaised || campaignCount > perMinute || (keys.ip !== null && ipCount > CHALLENGE_LIMITS.perIp);
  if (keys.ip && ipCount > perIp) return { flagReason: "rate-limit-ip", challenge, mayEmail };
  if (domainKey && domainCount > perDomain) return { flagReason: "rate-limit-domain", challenge, mayEmail };
  return { flagReason: null, challenge, mayEmail };
}

/**
 * Whether signing a campaign from this address needs a solved challenge right now: asked by the
 * sign form before it is posted, without counting anything.
 */
export async function signingNeedsChallenge(campaignId: string, ipHash: string, now = Date.now()) {
  const keys = signKeys(campaignId, ipHash);
  const shardKeys = Array.from({ length: CHALLENGE_LIMITS.campaignShards }, (_, shard) =>
    keys.campaignShard(shard),
  );
  const rows = await getPrisma().$queryRaw<{ key: string; count: number }[]>`
    SELECT key, count FROM rate_limit_counters
    WHERE (key = ANY(${shardKeys}) AND window_start = ${windowStart(CHALLENGE_LIMITS.campaignWindowSeconds, now)})
      OR (key = ${keys.ip ?? ""} AND window_start = ${windowStart(SIGN_LIMITS.windowSeconds, now)})
      OR (key = ${keys.alarm} AND window_start > ${new Date(now)})`;
  const count = (key: string | null) => rows.find((row) => row.key === key)?.count ?? 0;
  return (
    count(keys.alarm) > 0 ||
    shardKeys.some((key) => count(key) >= perShardPerMinute()) ||
    count(keys.ip) >= CHALLENGE_LIMITS.perIp
  );
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

// Subscribing to the mailing list (app/models/subscribe.server.ts). A person subscribes once or
// twice; a network posting more than this an hour is a script, or a flood aimed at other people's
// inboxes. Flagged requests mail nobody.
export const SUBSCRIBE_LIMITS = { windowSeconds: 3_600, perIp: 20 };

export type SubscribeAssessment = {
  flagReason: string | null;
  /** The topics this address may be sent a confirmation about today: one email per topic a day. */
  mailTopics: string[];
};

/**
 * Counts one subscribe request against its network, its form token and the address's daily email
 * caps (the sign path's per-address cap, and one confirmation per topic a day), and judges it.
 * Every request counts, mailed or not, so a flood only ever reaches its first email.
 */
export async function assessSubscription(attempt: {
  email: string;
  emailKey: string;
  formToken: string;
  ipHash: string;
  clientIp: string;
  topics: string[];
}): Promise<SubscribeAssessment> {
  const blocked = await blockedReason(attempt.email, attempt.clientIp);
  if (blocked) return { flagReason: blocked, mailTopics: [] };
  const formKey = `form:${attempt.formToken}:${attempt.ipHash}`;
  const ipKey = attempt.ipHash ? `subscribe:ip:${attempt.ipHash}` : null;
  const addressKey = `mail:address:${attempt.emailKey}`;
  const topicKeys = attempt.topics.map((topic) => `mail:subscribe:${topic}:${attempt.emailKey}`);
  const hits: Hit[] = [
    { key: formKey, windowSeconds: FORM_MAX_AGE_MS / 1000 },
    { key: addressKey, windowSeconds: EMAIL_CAPS.windowSeconds },
    ...topicKeys.map((key) => ({ key, windowSeconds: EMAIL_CAPS.windowSeconds })),
  ];
  if (ipKey) hits.push({ key: ipKey, windowSeconds: SUBSCRIBE_LIMITS.windowSeconds });
  const { counts } = await hitRateLimits(hits);
  const countOf = (key: string) => counts[hits.findIndex((hit) => hit.key === key)] ?? 0;
  if (countOf(formKey) > FORM_TOKEN_USES) return { flagReason: "form-reused", mailTopics: [] };
  if (ipKey && countOf(ipKey) > SUBSCRIBE_LIMITS.perIp)
    return { flagReason: "rate-limit-ip", mailTopics: [] };
  if (countOf(addressKey) > EMAIL_CAPS.perAddress) return { flagReason: null, mailTopics: [] };
  return {
    flagReason: null,
    mailTopics: attempt.topics.filter((_, index) => countOf(topicKeys[index]!) === 1),
  };
}
