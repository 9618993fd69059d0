import { describe, expect, it } from "vitest";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { cidrProblem } from "~/models/abuse-block.server";
import { assessSignature } from "~/models/abuse.server";
import { action, loader } from "~/routes/($lang).admin.moderation_.blocks";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

const PATH = "/ko/admin/moderation/blocks";
const params = { lang: "ko" };

type Refused = {
  init: { status: number };
  data: { errors: Record<string, string>; values: { value: string } };
};

function post(as: SignedIn, form: Record<string, string>) {
  return action({ request: staffRequest(PATH, as, form), params, context: TEST_CONTEXT });
}

function attempt(campaignId: string, email: string, clientIp: string) {
  return assessSignature({
    campaignId,
    email,
    emailKey: `key-${email}`,
    formToken: `token-${email}`,
    ipHash: `hash-${clientIp}`,
    clientIp,
  });
}

describe("the block list editor", () => {
  it("tells IPv4 and IPv6 ranges from typos", () => {
    for (const good of [
      "203.0.113.0/24",
      "198.51.100.7",
      "2001:db8::/32",
      "2001:db8:1:2::/64",
      "::ffff:192.0.2.0/120",
    ]) {
      expect([good, cidrProblem(good)]).toEqual([good, null]);
    }
    for (const bad of [
      "203.0.113.0/33",
      "203.0.113/24",
      "256.1.1.1/24",
      "2001:db8::/129",
      "2001:db8::/",
      "1.2.3.4/24/1",
      "example.org",
      "1.2.3.4/-1",
    ]) {
      expect([bad, cidrProblem(bad)]).toEqual([bad, "cidr"]);
    }
    expect(cidrProblem("0.0.0.0/0")).toBe("cidrTooWide");
    expect(cidrProblem("2001::/8")).toBe("cidrTooWide");
  });

  it("refuses bad ranges and domains with a 400, a translated message and the values typed", async () => {
    const campaigner = await signedInStaff("campaigner");
    const cases: [Record<string, string>, string][] = [
      [{ kind: "ip_range", value: "203.0.113.0/33" }, "cidr"],
      [{ kind: "ip_range", value: "2001:db8:::/48" }, "cidr"],
      [{ kind: "ip_range", value: "0.0.0.0/0" }, "cidrTooWide"],
      [{ kind: "email_domain", value: "not a domain" }, "domain"],
      [{ kind: "email_domain", value: "person@" }, "domain"],
      [{ kind: "email_domain", value: "-bad-.example" }, "domain"],
      [{ kind: "email_domain", value: "  " }, "required"],
    ];
    for (const [form, error] of cases) {
      const result = (await post(campaigner, form)) as unknown as Refused;
      expect([form.value, result.init.status, result.data.errors.value]).toEqual([form.value, 400, error]);
      expect(result.data.values.value).toBe(form.value);
      const key = `staff.ops.blocks.error.${error}` as keyof (typeof STAFF_CATALOGUES)["ko"];
      expect(STAFF_CATALOGUES.ko[key]).toMatch(/[가-힣]/);
      expect(STAFF_CATALOGUES.ja[key]).toMatch(/[ぁ-んァ-ン一-龯]/);
    }
    expect(await getPrisma().abuseBlock.count()).toBe(0);
  });

  it("adds and removes blocks, audited, and signatures matching them are held at once", async () => {
    const campaigner = await signedInStaff("campaigner");
    const campaign = await createCampaign();
    expect(
      await post(campaigner, { kind: "email_domain", value: "@Spam.Example", reason: "bot wave" }),
    ).toMatchObject({
      added: "spam.example",
    });
    expect(await post(campaigner, { kind: "ip_range", value: "2001:db8:abcd::/48" })).toMatchObject({
      added: "2001:db8:abcd::/48",
    });
    const duplicate = (await post(campaigner, {
      kind: "email_domain",
      value: "spam.example",
    })) as unknown as Refused;
    expect([duplicate.init.status, duplicate.data.errors.value]).toEqual([400, "duplicate"]);

    expect((await attempt(campaign.id, "a@spam.example", "192.0.2.1")).flagReason).toBe("blocked-domain");
    expect((await attempt(campaign.id, "b@fine.example", "2001:db8:abcd:1::9")).flagReason).toBe(
      "blocked-ip",
    );
    expect((await attempt(campaign.id, "c@fine.example", "2001:db8:abce::1")).flagReason).toBeNull();

    const page = await loader({ request: staffRequest(PATH, campaigner), params, context: TEST_CONTEXT });
    expect(page.blocks.map((block) => [block.kind, block.value, block.reason])).toEqual([
      ["email_domain", "spam.example", "bot wave"],
      ["ip_range", "2001:db8:abcd::/48", ""],
    ]);
    const domain = page.blocks[0]!;
    expect(await post(campaigner, { intent: "remove", id: domain.id })).toMatchObject({
      removed: "spam.example",
    });
    expect((await attempt(campaign.id, "d@spam.example", "192.0.2.2")).flagReason).toBeNull();

    const audit = await getPrisma().auditLog.findMany({
      where: { actorId: campaigner.userId },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => [entry.action, (entry.details as { value: string }).value])).toEqual([
      ["block.added", "spam.example"],
      ["block.added", "2001:db8:abcd::/48"],
      ["block.removed", "spam.example"],
    ]);
  });

  it("gives a viewer 403 and lets them change nothing", async () => {
    const viewer = await signedInStaff("viewer");
    const refused = await post(viewer, { kind: "email_domain", value: "spam.example" }).catch(
      (e: unknown) => e,
    );
    expect((refused as Response).status).toBe(403);
    const page = await loader({ request: staffRequest(PATH, viewer), params, context: TEST_CONTEXT }).catch(
      (e: unknown) => e,
    );
    expect((page as Response).status).toBe(403);
  });
});
