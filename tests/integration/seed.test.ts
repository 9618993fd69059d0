import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "~/utils/db.server";
import { FIRST_SEAT_YEAR, LAST_SEAT_YEAR, seedDatabase } from "../../prisma/seed";

async function countAll() {
  const prisma = getPrisma();
  return {
    countries: await prisma.country.count(),
    seats: await prisma.councilSeat.count(),
    votes: await prisma.unVote.count(),
    memberVotes: await prisma.unMemberVote.count(),
    campaigns: await prisma.campaign.count(),
    translations: await prisma.campaignTranslation.count(),
    targets: await prisma.campaignTarget.count(),
  };
}

describe("seedDatabase", () => {
  beforeAll(async () => {
    await seedDatabase(getPrisma());
  });

  it("loads the 193 UN member states and the two observer states, named in en, ko and ja", async () => {
    const prisma = getPrisma();
    expect(await prisma.country.count({ where: { unMember: true } })).toBe(193);
    expect(await prisma.country.count({ where: { unMember: false } })).toBe(2);
    const dprk = await prisma.country.findUniqueOrThrow({ where: { iso3: "PRK" } });
    expect(dprk).toMatchObject({
      iso2: "KP",
      nameEn: "Democratic People's Republic of Korea",
      nameKo: "북한",
      nameJa: "北朝鮮",
    });
  });

  it("seats exactly 15 Council members in every year from 2014 to 2026", async () => {
    const perYear = await getPrisma().councilSeat.groupBy({ by: ["year"], _count: { _all: true } });
    expect(perYear.map((row) => row.year).sort()).toEqual(
      Array.from({ length: LAST_SEAT_YEAR - FIRST_SEAT_YEAR + 1 }, (_, i) => FIRST_SEAT_YEAR + i),
    );
    for (const row of perYear) expect([row.year, row._count._all]).toEqual([row.year, 15]);
  });

  it("splits the shared term: Italy sits in 2017 and the Netherlands in 2018", async () => {
    const seats = await getPrisma().councilSeat.findMany({ where: { countryIso3: { in: ["ITA", "NLD"] } } });
    expect(seats.map((s) => `${s.countryIso3}:${s.year}`).sort()).toEqual(["ITA:2017", "NLD:2018"]);
  });

  it("records the 2014 agenda vote: 11 in favour, China and Russia against, Chad and Nigeria abstaining", async () => {
    const vote = await getPrisma().unVote.findFirstOrThrow({ include: { memberVotes: true } });
    expect(vote).toMatchObject({ meeting: "S/PV.7353", totalYes: 11, totalNo: 2, totalAbstain: 2 });
    expect(vote.votedOn.toISOString().slice(0, 10)).toBe("2014-12-22");
    const by = (choice: string) =>
      vote.memberVotes
        .filter((v) => v.choice === choice)
        .map((v) => v.countryIso3)
        .sort();
    expect(by("yes")).toHaveLength(11);
    expect(by("no")).toEqual(["CHN", "RUS"]);
    expect(by("abstain")).toEqual(["NGA", "TCD"]);
  });

  it("creates three live demo campaigns, each in en, ko and ja, aimed at UN member states", async () => {
    const campaigns = await getPrisma().campaign.findMany({ include: { translations: true, targets: true } });
    expect(campaigns).toHaveLength(3);
    for (const campaign of campaigns) {
      expect(campaign.status).toBe("live");
      expect(campaign.translations.map((t) => t.locale).sort()).toEqual(["en", "ja", "ko"]);
      expect(campaign.targets.length).toBeGreaterThan(0);
    }
  });

  it("is idempotent: a second run adds nothing and keeps a campaigner's edits", async () => {
    const prisma = getPrisma();
    const before = await countAll();
    const campaign = await prisma.campaign.findFirstOrThrow();
    await prisma.campaign.update({ where: { id: campaign.id }, data: { signatureGoal: 123_456 } });

    await seedDatabase(prisma);

    expect(await countAll()).toEqual(before);
    const after = await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(after.signatureGoal).toBe(123_456);
  });
});
