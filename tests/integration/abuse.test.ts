import { afterEach, describe, expect, it, vi } from "vitest";
import {
  assessSignature,
  CHALLENGE_LIMITS,
  clearBlockRulesCache,
  hitRateLimit,
  signingNeedsChallenge,
  SIGN_LIMITS,
  useOnce,
} from "~/models/abuse.server";
import { emailKey } from "~/utils/email-key.server";
import { getEnv } from "~/utils/env.server";
import { hashIp } from "~/utils/ip-hash.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";

afterEach(() => {
  clearBlockRulesCache();
  vi.useRealTimers();
});

let formTokens = 0;

/** One signing attempt; each from its own page view (form token) unless one is given. */
const attempt = (campaignId: string, overrides: Partial<Parameters<typeof assessSignature>[0]> = {}) => {
  const email = overrides.email ?? "someone@example.org";
  return {
    campaignId,
    email,
    emailKey: emailKey(email),
    formToken: `form-${++formTokens}`,
    ipHash: "ip-hash-a",
    clientIp: "198.51.100.7",
    ...overrides,
  };
};

const flagOf = async (signing: ReturnType<typeof attempt>) => (await assessSignature(signing)).flagReason;

describe("abuse checks when signing", () => {
  it("flags signatures beyond the per-IP limit for a campaign, and only for that campaign", async () => {
    const campaign = await createCampaign({ slug: "ip-limit" });
    const other = await createCampaign({ slug: "ip-limit-other" });
    const results = [];
    for (let i = 0; i <= SIGN_LIMITS.perIp; i++) {
      results.push(await flagOf(attempt(campaign.id, { email: `s${i}@gmail.com` })));
    }
    expect(results.slice(0, SIGN_LIMITS.perIp).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toBe("rate-limit-ip");
    expect(await flagOf(attempt(other.id, { email: "x@gmail.com" }))).toBeNull();
    expect(await flagOf(attempt(campaign.id, { email: "y@gmail.com", ipHash: "ip-hash-b" }))).toBeNull();
  });

  it("flags a burst from one small domain, but never limits large providers like naver.com", async () => {
    const campaign = await createCampaign({ slug: "domain-limit" });
    let last: string | null = null;
    for (let i = 0; i <= SIGN_LIMITS.perDomain; i++) {
      last = await flagOf(attempt(campaign.id, { email: `bot${i}@burst.example`, ipHash: `ip-${i}` }));
    }
    expect(last).toBe("rate-limit-domain");
    for (let i = 0; i <= SIGN_LIMITS.perDomain; i++) {
      last = await flagOf(attempt(campaign.id, { email: `fan${i}@naver.com`, ipHash: `ipn-${i}` }));
    }
    expect(last).toBeNull();
  });

  it("flags blocked domains and blocked IP ranges (IPv4 and IPv6)", async () => {
    const campaign = await createCampaign({ slug: "blocks" });
    await getPrisma().abuseBlock.createMany({
      data: [
        { kind: "email_domain", value: "spam.example" },
        { kind: "ip_range", value: "203.0.113.0/24" },
        { kind: "ip_range", value: "2001:db8::/32" },
      ],
    });
    expect(await flagOf(attempt(campaign.id, { email: "a@SPAM.example" }))).toBe("blocked-domain");
    expect(await flagOf(attempt(campaign.id, { clientIp: "203.0.113.99" }))).toBe("blocked-ip");
    expect(await flagOf(attempt(campaign.id, { clientIp: "2001:db8::1" }))).toBe("blocked-ip");
    expect(
      await flagOf(attempt(campaign.id, { clientIp: "203.0.114.1", email: "ok@example.org" })),
    ).toBeNull();
  });

  it("counts hits in fixed windows shared through the database", async () => {
    const window = 60;
    const at = Date.UTC(2026, 10, 28, 12, 0, 30);
    expect(await hitRateLimit("test-key", window, at)).toBe(1);
    expect(await hitRateLimit("test-key", window, at + 10_000)).toBe(2);
    expect(await hitRateLimit("test-key", window, at + 40_000)).toBe(1);
  });

  it("keeps no raw IP address or email address in any key it stores", async () => {
    const campaign = await createCampaign({ slug: "no-raw-keys" });
    const clientIp = "198.51.100.7";
    const email = "kim.secret@example.org";
    await assessSignature(attempt(campaign.id, { email, clientIp, ipHash: hashIp(clientIp) }));
    const keys = (await getPrisma().rateLimitCounter.findMany({ select: { key: true } })).map((k) => k.key);
    // The attempt was counted per IP (alone, and with its form token), per email address and per
    // campaign...
    expect(keys.filter((key) => key.includes(hashIp(clientIp)))).toHaveLength(2);
    expect(keys.filter((key) => key.includes(emailKey(email)))).toHaveLength(2);
    // ...and none of those keys gives either address away.
    for (const secret of [clientIp, email, "kim.secret", "198.51.100"]) {
      expect(keys.some((key) => key.includes(secret))).toBe(false);
    }
  });

  it("asks one address for a proof of work once it has signed a campaign several times", async () => {
    const campaign = await createCampaign({ slug: "pow-ip" });
    const busy = { ipHash: "busy-household" };
    const challenges = [];
    for (let i = 1; i <= CHALLENGE_LIMITS.perIp + 1; i++) {
      expect(await signingNeedsChallenge(campaign.id, busy.ipHash)).toBe(i > CHALLENGE_LIMITS.perIp);
      challenges.push(
        (await assessSignature(attempt(campaign.id, { ...busy, email: `m${i}@gmail.com` }))).challenge,
      );
    }
    expect(challenges.indexOf(true)).toBe(CHALLENGE_LIMITS.perIp);
    // Still far below the limit that flags, and nobody else is asked.
    expect(CHALLENGE_LIMITS.perIp).toBeLessThan(SIGN_LIMITS.perIp);
    expect(await signingNeedsChallenge(campaign.id, "someone-else")).toBe(false);
  });

  it("asks everyone signing a campaign for ten minutes once its signatures a minute are abnormal", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2026, 10, 28, 9, 0, 0);
    vi.setSystemTime(start);
    const campaign = await createCampaign({ slug: "pow-campaign" });
    const perMinute = getEnv().SIGN_CHALLENGE_PER_MINUTE;
    const sign = async (i: number) =>
      (await assessSignature(attempt(campaign.id, { email: `c${i}@gmail.com`, ipHash: `ip-${i}` })))
        .challenge;
    // Half the limit in a minute, all at once: normal. (Shards of ~1/8 each stay far below 1/8.)
    const calm = await Promise.all(Array.from({ length: perMinute / 2 }, (_, i) => sign(i)));
    expect(calm.some(Boolean)).toBe(false);
    expect(await signingNeedsChallenge(campaign.id, "new-visitor")).toBe(false);
    // Then more: around the limit (the first shard over its eighth), and surely before 1.5 times
    // it, the alarm goes up.
    let signed = perMinute / 2;
    let challenged = false;
    while (!challenged && signed < perMinute * 1.5) challenged = await sign(signed++);
    expect(challenged).toBe(true);
    expect(await signingNeedsChallenge(campaign.id, "new-visitor")).toBe(true);
    expect(await sign(signed++)).toBe(true);
    // A quiet minute later the alarm still stands, for everyone.
    vi.setSystemTime(start + 2 * 60_000);
    expect(await signingNeedsChallenge(campaign.id, "new-visitor")).toBe(true);
    expect(await sign(signed++)).toBe(true);
    vi.setSystemTime(start + (CHALLENGE_LIMITS.campaignAlarmSeconds + 60) * 1000);
    expect(await signingNeedsChallenge(campaign.id, "new-visitor")).toBe(false);
    expect(await sign(signed++)).toBe(false);
  });

  it("lets a single-use token through once, until it expires", async () => {
    const expiresAt = new Date(Date.now() + 600_000);
    expect(await useOnce("token-a", expiresAt)).toBe(true);
    expect(await useOnce("token-a", expiresAt)).toBe(false);
    expect(await useOnce("token-b", expiresAt)).toBe(true);
  });
});
