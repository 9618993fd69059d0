import { beforeAll, describe, expect, it } from "vitest";
import {
  countSignaturesByCountry,
  countSignaturesPerDay,
  summarizeCampaignEmail,
} from "~/models/campaign-dashboard.server";
import { signPetition, withdrawSignature } from "~/models/signature.server";
import { loader } from "~/routes/($lang).admin.campaigns.$id.dashboard";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createConfirmedSignature, createCountry, signerInput } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT } from "../../support/staff";

let campaignId: string;

beforeAll(async () => {
  for (const iso3 of ["KOR", "JPN", "PRK", "USA", "FRA"]) await createCountry(iso3);
  const campaign = await createCampaign({ slug: "dashboard-campaign" });
  campaignId = campaign.id;
  // A sensitive country of this campaign: shown only inside "other", like the DPRK.
  await getPrisma().campaign.update({ where: { id: campaignId }, data: { sensitiveCountries: ["jpn "] } });
  let i = 0;
  const signer = (overrides: Parameters<typeof signerInput>[2] = {}) =>
    signerInput(campaignId, i++, overrides);
  const old = await createConfirmedSignature(signer());
  for (let n = 0; n < 2; n++) await createConfirmedSignature(signer());
  for (let n = 0; n < 2; n++) await createConfirmedSignature(signer({ countryIso3: "USA" }));
  await createConfirmedSignature(signer({ countryIso3: "PRK", fromDprk: true }));
  await createConfirmedSignature(signer({ countryIso3: "JPN" }));
  await createConfirmedSignature(signer({ countryIso3: null }));
  await signPetition(signer());
  await createConfirmedSignature(signer({ flagReason: "too-fast" }));
  const withdrawn = await createConfirmedSignature(signer());
  await withdrawSignature(withdrawn.id);
  await getPrisma().signature.update({
    where: { id: old.id },
    data: { createdAt: new Date(Date.now() - 3 * 86_400_000) },
  });
});

describe("a campaign's dashboard data", () => {
  it("counts signatures per Seoul day by where they stand, every day listed, withdrawn ones left out", async () => {
    const days = await countSignaturesPerDay(campaignId, 7);
    expect(days).toHaveLength(7);
    expect(days[6]).toMatchObject({ confirmed: 7, pending: 1, flagged: 1 });
    expect(days[3]).toMatchObject({ confirmed: 1, pending: 0, flagged: 0 });
    expect(
      days.filter((_, i) => i !== 3 && i !== 6).every((d) => d.confirmed + d.pending + d.flagged === 0),
    ).toBe(true);
    const seoulToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
    expect(days[6]!.day).toBe(seoulToday);
  });

  it("counts by country exactly, with the DPRK and the campaign's sensitive countries inside other", async () => {
    const counts = await countSignaturesByCountry(campaignId, ["jpn "]);
    expect(counts.total).toBe(8);
    expect(counts.rows).toEqual([
      { iso3: "KOR", count: 3 },
      { iso3: "USA", count: 2 },
    ]);
    expect(counts.other).toBe(3);
  });

  it("sums the campaign's confirmation emails by outcome", async () => {
    const email = await summarizeCampaignEmail(campaignId);
    const confirmations = email.find((row) => row.kind === "signature-confirmation");
    // Eleven posts were mailed a confirmation; none has been sent by a worker in this test.
    expect(confirmations?.counts.waiting).toBeGreaterThanOrEqual(10);
    expect(confirmations?.counts.bounced).toBe(0);
  });
});

describe("the dashboard page", () => {
  async function load(path: string, id = campaignId, role: "viewer" | null = "viewer") {
    const as = role ? await signedInStaff(role) : null;
    return loader({ request: staffRequest(path, as), params: { lang: "en", id }, context: TEST_CONTEXT });
  }

  it("draws the chart and the map on the server, accessible and with nothing from elsewhere", async () => {
    const page = await load(`/en/admin/campaigns/${campaignId}/dashboard?days=7`);
    expect(page.days).toBe(7);
    const { chartSvg, mapSvg } = page;
    for (const svg of [chartSvg, mapSvg]) {
      expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-label="[^"]+"/);
      expect(svg).toMatch(/<title id="[a-z-]+-title">[^<]+<\/title><desc id="[a-z-]+-desc">[^<]+<\/desc>/);
      expect(svg).not.toMatch(/https?:|href|<script|<image|<foreignObject/i);
      expect(svg.replace(/url\(#flagged-hatch\)/g, "")).not.toContain("url(");
    }
    // One bar group per day, each with its numbers as text.
    expect(chartSvg.match(/<g><title>/g)).toHaveLength(7);
    expect(chartSvg).toContain("In all: 8 confirmed, 1 pending, 1 held for review.");
    expect(page.perDay.at(-1)).toMatchObject({ confirmed: 7, pending: 1, flagged: 1 });

    expect(page.countries.map((row) => [row.name, row.count])).toEqual([
      ["Republic of Korea", 3],
      ["United States of America", 2],
    ]);
    expect(page.other).toBe(3);
    expect(mapSvg).toContain("<title>Republic of Korea: 3</title>");
    expect(mapSvg).toContain("<title>Japan: counted under other countries and territories</title>");
    expect(mapSvg).toContain(
      "<title>Democratic People&#39;s Republic of Korea: counted under other countries and territories</title>",
    );
    // The map says what it shows in words, for those who cannot see it.
    expect(mapSvg).toContain(
      "8 signatures from 2 countries shown; largest: Republic of Korea 3, United States of America 2",
    );
    // The 1:110m world, drawn compactly.
    expect(mapSvg.match(/<path /g)!.length).toBeGreaterThan(150);
    expect(mapSvg.length).toBeLessThan(70_000);
    expect(page.foldedNames).toEqual(["Democratic People's Republic of Korea", "Japan"]);
  });

  it("answers 404 for a campaign that does not exist, and sends a visitor without a session to sign in", async () => {
    const missing = await load(
      "/en/admin/campaigns/x/dashboard",
      "00000000-0000-4000-8000-000000000000",
    ).catch((thrown: unknown) => thrown);
    expect((missing as Response).status).toBe(404);
    const anonymous = await load(`/en/admin/campaigns/${campaignId}/dashboard`, campaignId, null).catch(
      (thrown: unknown) => thrown,
    );
    expect((anonymous as Response).status).toBe(302);
    expect((anonymous as Response).headers.get("location")).toMatch(/^\/en\/admin\/sign-in/);
  });
});
