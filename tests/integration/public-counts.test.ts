import { beforeAll, describe, expect, it } from "vitest";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { loader as apiLoader } from "~/routes/api.campaigns.$slug";
import { getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { createCampaign, createConfirmedSignature, signerInput } from "../factories";

const context = { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" };

beforeAll(async () => {
  await seedDatabase(getPrisma());
});

/** A campaign with 6 confirmed signers in South Korea, 2 in the United States and 1 in the DPRK. */
async function campaignWithOneDprkSigner(slug: string) {
  const campaign = await createCampaign({ slug });
  const countries = ["KOR", "KOR", "KOR", "KOR", "KOR", "KOR", "USA", "USA", "PRK"];
  for (const [i, countryIso3] of countries.entries()) {
    await createConfirmedSignature(
      signerInput(campaign.id, i, {
        email: `${slug}-${i}@example.org`,
        countryIso3,
        displayChoice: countryIso3 === "PRK" ? "anonymous" : "full_name",
      }),
    );
  }
  return campaign;
}

async function apiAnswer(slug: string) {
  const response = await apiLoader({
    request: new Request(`http://127.0.0.1/api/campaigns/${slug}`),
    params: { slug },
    context,
  });
  return { text: await response.clone().text(), body: (await response.json()) as Record<string, unknown> };
}

describe("the public JSON API's counts by country", () => {
  it("never names the DPRK and gives no exact small count; the total stays exact", async () => {
    await campaignWithOneDprkSigner("one-from-dprk");
    const { text, body } = await apiAnswer("one-from-dprk");

    expect(body.signatureCount).toBe(9);
    expect(body.countsByCountry).toEqual({
      KOR: { count: 6 },
      USA: { fewerThan: 5 },
      ZZZ: { fewerThan: 5 },
    });
    expect(text).not.toContain("PRK");
  });

  it("folds the countries a campaign marks sensitive into the other row", async () => {
    const campaign = await campaignWithOneDprkSigner("sensitive-kor");
    await getPrisma().campaign.update({
      where: { id: campaign.id },
      data: { sensitiveCountries: ["KOR"] },
    });
    const { body } = await apiAnswer("sensitive-kor");

    expect(body.signatureCount).toBe(9);
    expect(body.countsByCountry).toEqual({ USA: { fewerThan: 5 }, ZZZ: { count: 7 } });
  });
});

describe("the campaign page's data", () => {
  it("carries the same publishable counts, and no name or number for the DPRK", async () => {
    await campaignWithOneDprkSigner("page-dprk");
    const result = { data: (await loadCampaignPage("page-dprk", "en"))! };

    expect(result.data.counts).toEqual({
      total: 9,
      byCountry: { KOR: { count: 6 }, USA: { fewerThan: 5 }, ZZZ: { fewerThan: 5 } },
    });
    expect(Object.keys(result.data.countryNames).sort()).toEqual(["KOR", "USA"]);
    const { counts, countryNames, recentSigners } = result.data;
    expect(JSON.stringify({ counts, countryNames, recentSigners })).not.toContain("PRK");
  });

  it("shows no country beside a recent signer from a country the campaign marks sensitive", async () => {
    const campaign = await campaignWithOneDprkSigner("page-sensitive");
    await getPrisma().campaign.update({
      where: { id: campaign.id },
      data: { sensitiveCountries: ["USA"] },
    });
    const result = { data: (await loadCampaignPage("page-sensitive", "en"))! };

    const { counts, countryNames, recentSigners } = result.data;
    expect(Object.keys(counts.byCountry)).toEqual(["KOR", "ZZZ"]);
    expect(recentSigners.filter((signer) => signer.name?.startsWith("Signer 6"))).toEqual([
      expect.objectContaining({ display: "full_name", countryIso3: null }),
    ]);
    expect(JSON.stringify({ counts, countryNames, recentSigners })).not.toContain("USA");
  });
});
