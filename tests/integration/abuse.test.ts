import { afterEach, describe, expect, it } from "vitest";
import { assessSignature, clearBlockRulesCache, hitRateLimit, SIGN_LIMITS } from "~/models/abuse.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";

afterEach(() => clearBlockRulesCache());

const attempt = (campaignId: string, overrides: Partial<Parameters<typeof assessSignature>[0]> = {}) => ({
  campaignId,
  email: "someone@example.org",
  ipHash: "ip-hash-a",
  clientIp: "198.51.100.7",
  ...overrides,
});

describe("abuse checks when signing", () => {
  it("flags signatures beyond the per-IP limit for a campaign, and only for that campaign", async () => {
    const campaign = await createCampaign({ slug: "ip-limit" });
    const other = await createCampaign({ slug: "ip-limit-other" });
    const results = [];
    for (let i = 0; i <= SIGN_LIMITS.perIp; i++) {
      results.push(await assessSignature(attempt(campaign.id, { email: `s${i}@gmail.com` })));
    }
    expect(results.slice(0, SIGN_LIMITS.perIp).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toBe("rate-limit-ip");
    expect(await assessSignature(attempt(other.id, { email: "x@gmail.com" }))).toBeNull();
    expect(
      await assessSignature(attempt(campaign.id, { email: "y@gmail.com", ipHash: "ip-hash-b" })),
    ).toBeNull();
  });

  it("flags a burst from one small domain, but never limits large providers like naver.com", async () => {
    const campaign = await createCampaign({ slug: "domain-limit" });
    let last: string | null = null;
    for (let i = 0; i <= SIGN_LIMITS.perDomain; i++) {
      last = await assessSignature(
        attempt(campaign.id, { email: `bot${i}@burst.example`, ipHash: `ip-${i}` }),
      );
    }
    expect(last).toBe("rate-limit-domain");
    for (let i = 0; i <= SIGN_LIMITS.perDomain; i++) {
      last = await assessSignature(attempt(campaign.id, { email: `fan${i}@naver.com`, ipHash: `ipn-${i}` }));
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
    expect(await assessSignature(attempt(campaign.id, { email: "a@SPAM.example" }))).toBe("blocked-domain");
    expect(await assessSignature(attempt(campaign.id, { clientIp: "203.0.113.99" }))).toBe("blocked-ip");
    expect(await assessSignature(attempt(campaign.id, { clientIp: "2001:db8::1" }))).toBe("blocked-ip");
    expect(
      await assessSignature(attempt(campaign.id, { clientIp: "203.0.114.1", email: "ok@example.org" })),
    ).toBeNull();
  });

  it("counts hits in fixed windows shared through the database", async () => {
    const window = 60;
    const at = Date.UTC(2026, 10, 28, 12, 0, 30);
    expect(await hitRateLimit("test-key", window, at)).toBe(1);
    expect(await hitRateLimit("test-key", window, at + 10_000)).toBe(2);
    expect(await hitRateLimit("test-key", window, at + 40_000)).toBe(1);
    // No raw IP or email is ever part of a stored key.
    const keys = await getPrisma().rateLimitCounter.findMany({ select: { key: true } });
    expect(keys.every((k) => !k.key.includes("198.51.100.7"))).toBe(true);
  });
});
