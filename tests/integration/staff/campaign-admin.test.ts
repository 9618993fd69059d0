import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createCampaign as createCampaignAsStaff,
  getCampaignForStaff,
  listCampaignsForStaff,
  transitionCampaign,
  updateCampaign,
} from "~/models/campaign-admin.server";
import {
  findLiveCampaignForSigning,
  findPublicCampaign,
  listPublicCampaigns,
} from "~/models/campaign.server";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { listRecentSigners } from "~/models/public-counts.server";
import { countSignatures } from "~/models/signature.server";
import { campaignPageLoader } from "~/server/campaign-page-route.server";
import { getPrisma } from "~/utils/db.server";
import { createConfirmedSignature, createCountry, signerInput } from "../../factories";
import { createStaffUser } from "../../support/staff";

type Fields = Record<string, string | string[]>;

function slug() {
  return `c-${randomUUID().slice(0, 8)}`;
}

/** The editor's input as the route builds it from the form. */
function campaignInput(overrides: { slug?: string; targets?: string[]; fields?: Fields; en?: Fields } = {}) {
  const text = (locale: string) => ({
    title: `Title ${locale}`,
    summary: `Summary ${locale}`,
    petition: `Petition ${locale}\n\nSecond paragraph.`,
    background: "",
    shareText: "",
    outcome: "",
  });
  return {
    slug: overrides.slug ?? slug(),
    sourceLocale: "en",
    signatureGoal: "1000",
    deadline: "",
    privacyMode: "normal",
    targets: overrides.targets ?? ["FRA"],
    translations: {
      en: { ...text("en"), ...overrides.en },
      ko: text("ko"),
      ja: { ...text("ja"), title: "" },
    },
    ...overrides.fields,
  };
}

async function actor() {
  const user = await createStaffUser("campaigner");
  return { userId: user.id, ipHash: "dGVzdA" };
}

async function auditOf(campaignId: string) {
  return getPrisma().auditLog.findMany({ where: { targetId: campaignId }, orderBy: { createdAt: "asc" } });
}

function confirmedSigner(campaignId: string, i: number) {
  return createConfirmedSignature(signerInput(campaignId, i, { displayChoice: "full_name" }));
}

describe("campaigns as staff run them", () => {
  it("creates a draft with its texts and targets, audited by field, and keeps it off the public side", async () => {
    await createCountry("FRA");
    await createCountry("USA");
    const who = await actor();
    const input = campaignInput({ targets: ["USA", "FRA"] });
    const result = await createCampaignAsStaff(input, who);
    expect(result.ok).toBe(true);
    const id = (result as { id: string }).id;
    const campaign = await getCampaignForStaff(id);
    expect(campaign).toMatchObject({
      slug: input.slug,
      status: "draft",
      signatureGoal: 1000,
      targets: ["USA", "FRA"],
    });
    expect(campaign?.translations.ko.title).toBe("Title ko");
    expect(campaign?.completeLanguages).toEqual(["en", "ko"]);
    expect(await findPublicCampaign(input.slug, "en")).toBeUndefined();
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "campaign.created", actorId: who.userId });
    expect(entry?.ipHash).not.toBeNull();
    expect(JSON.stringify(entry?.details)).not.toContain("Petition en");
    expect((await listCampaignsForStaff()).find((c) => c.id === id)).toMatchObject({
      status: "draft",
      confirmed: 0,
    });
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    await createCountry("FRA");
    const before = await getPrisma().campaign.count();
    const result = await createCampaignAsStaff(
      campaignInput({
        slug: "Bad Slug!",
        targets: ["XXX"],
        fields: { signatureGoal: "-3", privacyMode: "secret", deadline: "tomorrow" },
        en: { shareText: "x".repeat(121) },
      }),
      await actor(),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        slug: "staff.campaigns.error.slugFormat",
        signatureGoal: "staff.campaigns.error.goal",
        privacyMode: "staff.campaigns.error.privacyMode",
        deadline: "staff.campaigns.error.deadline",
        "en.shareText": "staff.campaigns.error.tooLong.shareText",
      },
    });
    const unknownTarget = await createCampaignAsStaff(campaignInput({ targets: ["ZZZ"] }), await actor());
    expect(unknownTarget).toEqual({ ok: false, errors: { targets: "staff.campaigns.error.targets" } });
    expect(await getPrisma().campaign.count()).toBe(before);
  });

  it("refuses a slug another campaign has or had", async () => {
    await createCountry("FRA");
    const who = await actor();
    const first = (await createCampaignAsStaff(campaignInput(), who)) as { id: string };
    const taken = (await getCampaignForStaff(first.id))!.slug;
    expect(await createCampaignAsStaff(campaignInput({ slug: taken }), who)).toEqual({
      ok: false,
      errors: { slug: "staff.campaigns.error.slugTaken" },
    });
  });

  it("publishes only when the default language's title, summary and petition and a target are there", async () => {
    await createCountry("FRA");
    const who = await actor();
    const bare = (await createCampaignAsStaff(campaignInput({ targets: [], en: { summary: "" } }), who)) as {
      id: string;
    };
    expect(await transitionCampaign(bare.id, "publish", who)).toEqual({
      ok: false,
      error: "staff.campaigns.error.notReady",
    });
    expect((await getCampaignForStaff(bare.id))?.status).toBe("draft");

    const ready = (await createCampaignAsStaff(campaignInput(), who)) as { id: string };
    expect(await transitionCampaign(ready.id, "publish", who)).toEqual({ ok: true });
    const live = await getCampaignForStaff(ready.id);
    expect(live?.status).toBe("live");
    expect(live?.publishedAt).not.toBeNull();
    expect(await transitionCampaign(ready.id, "publish", who)).toEqual({
      ok: false,
      error: "staff.campaigns.error.wrongState",
    });
    expect((await auditOf(ready.id)).map((e) => e.action)).toEqual([
      "campaign.created",
      "campaign.published",
    ]);
  });

  it("closes (signing stops, closedAt set) and archives (off the list, page still readable)", async () => {
    await createCountry("FRA");
    const who = await actor();
    const input = campaignInput({ en: { outcome: "The Council **met**." } });
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    expect(await findLiveCampaignForSigning(input.slug)).not.toBeNull();
    expect(await transitionCampaign(id, "close", who)).toEqual({ ok: true });
    expect((await getCampaignForStaff(id))?.closedAt).not.toBeNull();
    expect(await findLiveCampaignForSigning(input.slug)).toBeNull();
    const page = await loadCampaignPage(input.slug, "en");
    expect(page?.campaign.signingOpen).toBe(false);
    expect(page?.html.outcome).toBe("<p>The Council <strong>met</strong>.</p>");

    expect(await transitionCampaign(id, "archive", who)).toEqual({ ok: true });
    expect((await getCampaignForStaff(id))?.archivedAt).not.toBeNull();
    expect((await listPublicCampaigns("en")).map((c) => c.slug)).not.toContain(input.slug);
    expect((await findPublicCampaign(input.slug, "en"))?.status).toBe("archived");
    expect((await auditOf(id)).map((e) => e.action)).toEqual([
      "campaign.created",
      "campaign.published",
      "campaign.closed",
      "campaign.archived",
    ]);
  });

  it("stops signing at the deadline", async () => {
    await createCountry("FRA");
    const who = await actor();
    const input = campaignInput({ fields: { deadline: "2030-01-01T09:00" } });
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    const campaign = await getCampaignForStaff(id);
    // Typed in Seoul time: 09:00 KST is midnight UTC.
    expect(campaign?.deadline).toBe("2030-01-01T00:00:00.000Z");
    expect(campaign?.deadlineInput).toBe("2030-01-01T09:00");
    expect(await findLiveCampaignForSigning(input.slug, new Date("2029-12-31T23:59:00Z"))).not.toBeNull();
    expect(await findLiveCampaignForSigning(input.slug, new Date("2030-01-01T00:00:01Z"))).toBeNull();
  });

  it("edits a live campaign without touching a signature or a count, and audits field names only", async () => {
    await createCountry("FRA");
    await createCountry("USA");
    await createCountry("KOR");
    const who = await actor();
    const input = campaignInput();
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    for (let i = 0; i < 3; i++) await confirmedSigner(id, i);
    const signaturesBefore = await getPrisma().signature.findMany({
      where: { campaignId: id },
      orderBy: { id: "asc" },
    });
    const countsBefore = await countSignatures(id);

    const edited = campaignInput({
      slug: input.slug,
      targets: ["USA", "FRA"],
      fields: { signatureGoal: "5000" },
      en: { petition: "A **new** petition text." },
    });
    expect(await updateCampaign(id, edited, who)).toEqual({ ok: true, id });
    expect(
      await getPrisma().signature.findMany({ where: { campaignId: id }, orderBy: { id: "asc" } }),
    ).toEqual(signaturesBefore);
    expect(await countSignatures(id)).toEqual(countsBefore);
    expect(countsBefore.total).toBe(3);
    const page = await loadCampaignPage(input.slug, "en");
    expect(page?.html.petition).toBe("<p>A <strong>new</strong> petition text.</p>");
    const edit = (await auditOf(id)).find((e) => e.action === "campaign.edited");
    expect(edit?.details).toEqual({ changed: ["signatureGoal", "targets", "en.petition"], status: "live" });
  });

  it("keeps a live campaign publishable: its default language cannot be emptied", async () => {
    await createCountry("FRA");
    const who = await actor();
    const input = campaignInput();
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    const result = await updateCampaign(
      id,
      campaignInput({ slug: input.slug, targets: [], en: { title: "" } }),
      who,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "en.title": "staff.campaigns.error.requiredToPublish",
        targets: "staff.campaigns.error.targetsRequired",
      },
    });
    expect((await getCampaignForStaff(id))?.translations.en.title).toBe("Title en");
  });

  it("renames a draft freely, but a public campaign's old slug redirects (301) to the new one", async () => {
    await createCountry("FRA");
    const who = await actor();
    const draftInput = campaignInput();
    const draft = (await createCampaignAsStaff(draftInput, who)) as { id: string };
    const renamedDraft = slug();
    await updateCampaign(draft.id, campaignInput({ slug: renamedDraft }), who);
    expect(await getPrisma().campaignSlugRedirect.count({ where: { campaignId: draft.id } })).toBe(0);

    const input = campaignInput();
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    const newSlug = slug();
    expect(await updateCampaign(id, campaignInput({ slug: newSlug }), who)).toEqual({ ok: true, id });
    const response = await campaignPageLoader(new Request(`http://127.0.0.1/ko/campaigns/${input.slug}`), {
      lang: "ko",
      slug: input.slug,
    }).then(
      () => null,
      (thrown: unknown) => thrown as Response,
    );
    expect(response?.status).toBe(301);
    expect(response?.headers.get("location")).toBe(`/ko/campaigns/${newSlug}`);
    // The old slug now belongs to this campaign's history: no other campaign may take it.
    expect(await createCampaignAsStaff(campaignInput({ slug: input.slug }), who)).toMatchObject({
      ok: false,
    });
    // Renaming back reclaims it.
    expect(await updateCampaign(id, campaignInput({ slug: input.slug }), who)).toEqual({ ok: true, id });
    expect(
      (await getPrisma().campaignSlugRedirect.findMany({ where: { campaignId: id } })).map((r) => r.slug),
    ).toEqual([newSlug]);
  });

  it("shows no signer names for an at-risk campaign, only counts", async () => {
    await createCountry("FRA");
    await createCountry("KOR");
    const who = await actor();
    const input = campaignInput({ fields: { privacyMode: "at_risk" } });
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    await confirmedSigner(id, 1);
    await confirmedSigner(id, 2);
    expect(await listRecentSigners(id)).toEqual([]);
    const page = await loadCampaignPage(input.slug, "en");
    expect(page?.recentSigners).toEqual([]);
    expect(page?.counts.total).toBe(2);
    expect(page?.campaign.privacyMode).toBe("at_risk");
  });

  it("falls back visibly to the default language when a translation is missing or incomplete", async () => {
    await createCountry("FRA");
    const who = await actor();
    const input = campaignInput({ fields: { sourceLocale: "ko" } });
    const { id } = (await createCampaignAsStaff(input, who)) as { id: string };
    await transitionCampaign(id, "publish", who);
    // Japanese has no title: the Japanese page shows Korean, and says so.
    const ja = await findPublicCampaign(input.slug, "ja");
    expect(ja).toMatchObject({ textLocale: "ko", fallback: true, title: "Title ko" });
    expect(await findPublicCampaign(input.slug, "en")).toMatchObject({ textLocale: "en", fallback: false });
  });
});
