// The UN vote pages' loaders and their JSON, on the seeded Council seats and 2014 agenda vote plus
// votes made here: the tally and groups, a veto named, the timeline's filters, a state's scorecard
// and terms, the Council this year, the API's numbers, 404s, and a campaign's targets' votes.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loader as votesApiLoader } from "~/routes/api.votes._index";
import { loader as voteApiLoader } from "~/routes/api.votes.$id";
import { loader as countryApiLoader } from "~/routes/api.countries.$iso3";
import { loader as votesLoader } from "~/routes/($lang).votes._index";
import { loader as voteLoader } from "~/routes/($lang).votes.$id";
import { loader as countryLoader } from "~/routes/($lang).countries.$iso3";
import { loader as councilLoader } from "~/routes/($lang).council";
import { campaignPageLoader } from "~/server/campaign-page-route.server";
import { getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { createCampaign } from "../factories";
import { TEST_CONTEXT } from "../support/staff";
import type { MemberVoteChoice } from "~/generated/prisma/client";
import { vetoedBy } from "~/utils/un-vote-rules";
import { councilChoices, createUnVote, seededAgendaVote } from "../support/un-votes";

type Params = Record<string, string>;
const args = (path: string, params: Params) => ({
  request: new Request(`http://127.0.0.1${path}`),
  params,
  context: TEST_CONTEXT,
});

/** What a loader threw (a 404, a redirect), or fails the test if it returned. */
async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("The loader returned instead of throwing");
}

let vetoId: string;
let gaId: string;
let agendaId: string;

beforeAll(async () => {
  await seedDatabase(getPrisma());
  agendaId = (await seededAgendaVote()).id;
  // 26 May 2022: the draft on DPRK sanctions (S/2022/431), 13 in favour, vetoed by China and Russia.
  vetoId = (
    await createUnVote({
      outcome: "rejected",
      kind: "resolution",
      votedOn: "2022-05-26",
      meeting: "S/PV.9048",
      title: "Non-proliferation/Democratic People's Republic of Korea: draft resolution",
      draft: "S/2022/431",
      undlId: "3975245",
      choices: await councilChoices(2022, { CHN: "no", RUS: "no" }),
    })
  ).id;
  gaId = (
    await createUnVote({
      body: "third_committee",
      outcome: "adopted",
      votedOn: "2014-11-18",
      meeting: "A/C.3/69/SR.44",
      title: "Situation of human rights in the Democratic People's Republic of Korea",
      draft: "A/C.3/69/L.28/Rev.1",
      choices: { KOR: "yes", JPN: "yes", PRK: "no", CHN: "no", IND: "abstain", NGA: "absent" },
    })
  ).id;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("/votes/:id", () => {
  it("shows the seeded agenda vote's tally and every member in its group, sorted in the reader's language", async () => {
    const page = await voteLoader(args(`/ko/votes/${agendaId}`, { lang: "ko", id: agendaId }));
    expect(page.vote.totals).toEqual({ yes: 11, no: 2, abstain: 2, absent: 0 });
    expect(page.vote).toMatchObject({ body: "security_council", kind: "procedural", outcome: "adopted" });
    expect(page.vote.vetoedBy).toEqual([]);
    const group = (choice: string) =>
      page.members.filter((member) => member.choice === choice).map((member) => member.country.iso3);
    expect(group("no").sort()).toEqual(["CHN", "RUS"]);
    expect(group("abstain").sort()).toEqual(["NGA", "TCD"]);
    expect(group("yes")).toHaveLength(11);
    expect(page.members.find((member) => member.country.iso3 === "CHN")).toMatchObject({
      permanent: true,
      country: { iso2: "CN", names: { ko: "중국" } },
    });
    expect(page.members.find((member) => member.country.iso3 === "TCD")?.permanent).toBe(false);
    const names = page.members.map((member) => member.country.names.ko);
    expect(names).toEqual([...names].sort(new Intl.Collator("ko").compare));
  });

  it("names the permanent members whose no vetoed a Council draft, and no one on a procedural vote", async () => {
    const page = await voteLoader(args(`/en/votes/${vetoId}`, { lang: "en", id: vetoId }));
    expect(page.vote.outcome).toBe("rejected");
    expect(page.vote.totals).toEqual({ yes: 13, no: 2, abstain: 0, absent: 0 });
    expect(page.vote.vetoedBy.map((country) => country.iso3)).toEqual(["CHN", "RUS"]);
    // The same two noes on a procedural vote are no veto: nine yes carry it.
    const agenda = await voteLoader(args(`/en/votes/${agendaId}`, { lang: "en", id: agendaId }));
    expect(agenda.vote.vetoedBy).toEqual([]);
  });

  it("calls a failed draft a veto exactly when the importer's rules do: on a decision, never without nine yes", async () => {
    const seats = await getPrisma().councilSeat.findMany({ where: { year: 2022, kind: "elected" } });
    const elected = seats.map((seat) => seat.countryIso3).sort();
    // Seven elected members abstain: 8 yes, and Russia's no did not decide it (not on the UN's veto list).
    const short = Object.fromEntries(elected.slice(0, 7).map((iso3) => [iso3, "abstain" as const]));
    const cases: {
      kind: "resolution" | "decision";
      choices: Record<string, MemberVoteChoice>;
      vetoedBy: string[];
    }[] = [
      { kind: "resolution", choices: { ...short, RUS: "no" }, vetoedBy: [] },
      { kind: "decision", choices: { USA: "no" }, vetoedBy: ["USA"] },
    ];
    for (const [index, example] of cases.entries()) {
      const choices = await councilChoices(2022, example.choices);
      const ballots = Object.entries(choices).map(([iso3, choice]) => ({
        iso3,
        choice,
        seat: elected.includes(iso3) ? ("elected" as const) : ("permanent" as const),
      }));
      expect(vetoedBy({ body: "security_council", kind: example.kind, ballots })).toEqual(example.vetoedBy);
      const vote = await createUnVote({
        kind: example.kind,
        outcome: "rejected",
        votedOn: "2022-06-01",
        meeting: `S/PV.90${50 + index}`,
        title: `A rejected ${example.kind}`,
        choices,
      });
      try {
        const page = await voteLoader(args(`/en/votes/${vote.id}`, { lang: "en", id: vote.id }));
        expect(page.vote.vetoedBy.map((country) => country.iso3)).toEqual(example.vetoedBy);
      } finally {
        await getPrisma().unVote.delete({ where: { id: vote.id } });
      }
    }
  });

  it("is a 404 for an unknown id, a malformed id and an unknown language", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await thrown(voteLoader(args(`/en/votes/${unknown}`, { lang: "en", id: unknown })))).status).toBe(
      404,
    );
    expect((await thrown(voteLoader(args("/en/votes/1;DROP", { lang: "en", id: "1;DROP" })))).status).toBe(
      404,
    );
    expect(
      (await thrown(voteLoader(args(`/xx/votes/${agendaId}`, { lang: "xx", id: agendaId })))).status,
    ).toBe(404);
  });
});

describe("/votes", () => {
  it("lists every vote newest first", async () => {
    const page = await votesLoader(args("/en/votes", { lang: "en" }));
    expect(page.votes.map((vote) => vote.id)).toEqual([vetoId, agendaId, gaId]);
    expect(page).toMatchObject({ total: 3, page: 1, pages: 1, years: [2022, 2014], ignored: false });
  });

  it("filters by body and by year", async () => {
    const third = await votesLoader(args("/en/votes?body=third_committee", { lang: "en" }));
    expect(third.votes.map((vote) => vote.id)).toEqual([gaId]);
    expect(third.filter).toEqual({ body: "third_committee", page: 1 });
    const y2014 = await votesLoader(args("/en/votes?year=2014", { lang: "en" }));
    expect(y2014.votes.map((vote) => vote.id)).toEqual([agendaId, gaId]);
    const both = await votesLoader(args("/en/votes?body=security_council&year=2014", { lang: "en" }));
    expect(both.votes.map((vote) => vote.id)).toEqual([agendaId]);
    // The form's "all" choices are empty values.
    const all = await votesLoader(args("/en/votes?body=&year=", { lang: "en" }));
    expect(all).toMatchObject({ total: 3, ignored: false });
  });

  it("ignores filters that do not parse, says so, and keeps the ones that do", async () => {
    const page = await votesLoader(args("/en/votes?body=<script>&year=2014&page=-1", { lang: "en" }));
    expect(page.ignored).toBe(true);
    expect(page.filter).toEqual({ year: 2014, page: 1 });
    expect(page.votes).toHaveLength(2);
    const repeated = await votesLoader(args("/en/votes?year=2014&year=2022", { lang: "en" }));
    expect(repeated).toMatchObject({ ignored: true, total: 3 });
  });
});

describe("/countries/:iso3", () => {
  it("shows China's vote on every recorded vote, newest first, its permanent seat once, and its live campaigns", async () => {
    const live = await createCampaign({ slug: "china-live", targets: ["CHN", "FRA"] });
    await createCampaign({ slug: "china-closed", status: "closed", targets: ["CHN"] });
    const page = await countryLoader(args("/ja/countries/CHN", { lang: "ja", iso3: "CHN" }));
    expect(page.country).toMatchObject({ iso3: "CHN", names: { ja: "中国" } });
    expect(page.title).toBe("中国：国連での投票記録");
    expect(page.votes.map(({ vote, choice }) => [vote.id, choice])).toEqual([
      [vetoId, "no"],
      [agendaId, "no"],
      [gaId, "no"],
    ]);
    expect(page.votes[0]!.vote.vetoedBy.map((country) => country.iso3)).toEqual(["CHN", "RUS"]);
    expect(page.terms).toEqual([{ kind: "permanent", from: 2014 }]);
    expect(page.campaigns).toContainEqual({
      slug: live.slug,
      title: "china-live title (ja)",
      textLocale: "ja",
    });
    expect(page.campaigns.map((campaign) => campaign.slug)).not.toContain("china-closed");
    await getPrisma().campaign.deleteMany({ where: { slug: { in: ["china-live", "china-closed"] } } });
  });

  it("collapses elected years into terms: Japan's two, and a term whose second year is not on record yet", async () => {
    const japan = await countryLoader(args("/en/countries/JPN", { lang: "en", iso3: "JPN" }));
    expect(japan.terms).toEqual([
      { kind: "elected", from: 2023, to: 2024 },
      { kind: "elected", from: 2016, to: 2017 },
    ]);
    // Seats are seeded to 2026; Latvia's 2026–2027 term has only its first year on record.
    const latvia = await countryLoader(args("/en/countries/LVA", { lang: "en", iso3: "LVA" }));
    expect(latvia.terms).toEqual([{ kind: "elected", from: 2026, to: 2027 }]);
    // Italy and the Netherlands split 2017–2018: one year each.
    const italy = await countryLoader(args("/en/countries/ITA", { lang: "en", iso3: "ITA" }));
    expect(italy.terms).toEqual([{ kind: "elected", from: 2017, to: 2017 }]);
  });

  it("gives North Korea a scorecard like any state's, and redirects a lower-case code", async () => {
    const page = await countryLoader(args("/ko/countries/PRK", { lang: "ko", iso3: "PRK" }));
    expect(page.country.names.ko).toBe("북한");
    expect(page.votes.map(({ vote, choice }) => [vote.id, choice])).toEqual([[gaId, "no"]]);
    expect(page.terms).toEqual([]);
    const moved = await thrown(countryLoader(args("/ko/countries/prk", { lang: "ko", iso3: "prk" })));
    expect([moved.status, moved.headers.get("location")]).toEqual([301, "/ko/countries/PRK"]);
    const unprefixed = await thrown(countryLoader(args("/countries/prk", { iso3: "prk" })));
    expect(unprefixed.headers.get("location")).toBe("/countries/PRK");
  });

  it("is a 404 for unknown or malformed codes", async () => {
    for (const iso3 of ["XYZ", "PR", "PRKK", "P1K", "..%2F"]) {
      const response = await thrown(countryLoader(args(`/en/countries/${iso3}`, { lang: "en", iso3 })));
      expect([iso3, response.status]).toEqual([iso3, 404]);
    }
  });
});

describe("/council", () => {
  it("lists exactly this year's 15 members, permanent first, with when each elected term ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-01T12:00:00Z"));
    const page = await councilLoader(args("/en/council", { lang: "en" }));
    expect(page.year).toBe(2026);
    expect(page.title).toBe("The Security Council in 2026");
    const seated = await getPrisma().councilSeat.findMany({ where: { year: 2026 } });
    expect(page.members.map((m) => m.country.iso3).sort()).toEqual(seated.map((s) => s.countryIso3).sort());
    expect(page.members).toHaveLength(15);
    expect(page.members.slice(0, 5).map((m) => [m.country.iso3, m.kind, m.termEnds])).toEqual([
      ["CHN", "permanent", null],
      ["FRA", "permanent", null],
      ["RUS", "permanent", null],
      ["GBR", "permanent", null],
      ["USA", "permanent", null],
    ]);
    const ends = Object.fromEntries(page.members.slice(5).map((m) => [m.country.iso3, m.termEnds]));
    expect(ends).toEqual({
      BHR: 2027,
      COL: 2027,
      COD: 2027,
      DNK: 2026,
      GRC: 2026,
      LVA: 2027,
      LBR: 2027,
      PAK: 2026,
      PAN: 2026,
      SOM: 2026,
    });
  });

  it("gives each member's record and who voted no or abstained before", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-01T12:00:00Z"));
    const page = await councilLoader(args("/ko/council", { lang: "ko" }));
    const china = page.members.find((m) => m.country.iso3 === "CHN")!;
    expect(china.counts).toEqual({ yes: 0, no: 3, abstain: 0, absent: 0 });
    expect(china.recent.map(({ vote }) => vote.id)).toEqual([vetoId, agendaId, gaId]);
    const usa = page.members.find((m) => m.country.iso3 === "USA")!;
    expect(usa.counts).toEqual({ yes: 2, no: 0, abstain: 0, absent: 0 });
    const latvia = page.members.find((m) => m.country.iso3 === "LVA")!;
    expect(latvia.counts).toEqual({ yes: 0, no: 0, abstain: 0, absent: 0 });
    expect(
      page.dissent.map(({ vote, no, abstain }) => [
        vote.id,
        no.map((c) => c.iso3),
        abstain.map((c) => c.iso3),
      ]),
    ).toEqual([
      // Named in Korean order: 러시아 before 중국.
      [vetoId, ["RUS", "CHN"], []],
      [agendaId, ["RUS", "CHN"], []],
      [gaId, ["CHN"], []],
    ]);
  });
});

describe("the JSON API", () => {
  it("gives a vote's totals and each member's vote as numbers and ISO codes, cacheable", async () => {
    const response = await voteApiLoader(args(`/api/votes/${vetoId}`, { id: vetoId }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=60/);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const body = await response.json();
    expect(body).toMatchObject({
      id: vetoId,
      body: "security_council",
      kind: "resolution",
      outcome: "rejected",
      vetoed: true,
      vetoedBy: ["CHN", "RUS"],
      date: "2022-05-26",
      meeting: "S/PV.9048",
      document: null,
      draft: "S/2022/431",
      undlId: "3975245",
      totals: { yes: 13, no: 2, abstain: 0, nonVoting: 0 },
    });
    expect(body.members).toHaveLength(15);
    expect(body.members.find((m: { iso3: string }) => m.iso3 === "RUS")).toEqual({
      iso3: "RUS",
      iso2: "RU",
      name: { en: "Russian Federation", ko: "러시아", ja: "ロシア" },
      vote: "no",
      permanentMember: true,
    });
    const third = await (await voteApiLoader(args(`/api/votes/${gaId}`, { id: gaId }))).json();
    expect(third.members.find((m: { iso3: string }) => m.iso3 === "NGA").vote).toBe("non_voting");
    expect(third.totals).toEqual({ yes: 2, no: 2, abstain: 1, nonVoting: 1 });
  });

  it("lists votes with the same filters, and refuses a bad one with a 400", async () => {
    const list = await (await votesApiLoader(args("/api/votes?year=2014", {}))).json();
    expect(list).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(list.votes.map((vote: { id: string }) => vote.id)).toEqual([agendaId, gaId]);
    expect(list.votes[0]).toMatchObject({
      date: "2014-12-22",
      totals: { yes: 11, no: 2, abstain: 2, nonVoting: 0 },
    });
    const bad = await votesApiLoader(args("/api/votes?body=nope", {}));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty("error");
  });

  it("gives a state's scorecard in any case of its code, and 404 JSON for unknown ids and codes", async () => {
    const prk = await countryApiLoader(args("/api/countries/prk", { iso3: "prk" }));
    expect(prk.status).toBe(200);
    const body = await prk.json();
    expect(body).toMatchObject({ iso3: "PRK", iso2: "KP", unMember: true, councilTerms: [], campaigns: [] });
    expect(body.votes).toEqual([expect.objectContaining({ id: gaId, vote: "no", date: "2014-11-18" })]);
    const kor = await (await countryApiLoader(args("/api/countries/KOR", { iso3: "KOR" }))).json();
    expect(kor.councilTerms).toEqual([
      { kind: "elected", from: 2024, to: 2025 },
      { kind: "elected", from: 2013, to: 2014 },
    ]);
    for (const response of [
      await countryApiLoader(args("/api/countries/XYZ", { iso3: "XYZ" })),
      await voteApiLoader(args("/api/votes/nope", { id: "nope" })),
      await voteApiLoader(
        args("/api/votes/00000000-0000-4000-8000-000000000000", {
          id: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(await response.json()).toHaveProperty("error");
    }
  });
});

describe("the campaign page", () => {
  it("lists the votes linked to the campaign and how each target voted, null where it was not called", async () => {
    const campaign = await createCampaign({ slug: "linked-votes", targets: ["CHN", "FRA", "PRK"] });
    await getPrisma().campaignVote.createMany({
      data: [
        { campaignId: campaign.id, voteId: agendaId },
        { campaignId: campaign.id, voteId: vetoId },
      ],
    });
    const page = await campaignPageLoader(new Request("http://127.0.0.1/en/campaigns/linked-votes"), {
      lang: "en",
      slug: "linked-votes",
    });
    expect(
      page.voteRecords.map(({ vote, choices }) => [
        vote.id,
        Object.fromEntries(choices.map((c) => [c.iso3, c.choice])),
      ]),
    ).toEqual([
      [vetoId, { CHN: "no", FRA: "yes", PRK: null }],
      [agendaId, { CHN: "no", FRA: "yes", PRK: null }],
    ]);
    expect(page.voteRecords[0]!.vote.vetoedBy.map((c) => c.iso3)).toEqual(["CHN", "RUS"]);
    // A campaign with no linked vote has none.
    await createCampaign({ slug: "no-linked-votes" });
    const plain = await campaignPageLoader(new Request("http://127.0.0.1/en/campaigns/no-linked-votes"), {
      lang: "en",
      slug: "no-linked-votes",
    });
    expect(plain.voteRecords).toEqual([]);
  });
});

describe("a long timeline", () => {
  it("comes in pages of 50, newest first, filters applied to every page", async () => {
    await getPrisma().unVote.createMany({
      data: Array.from({ length: 51 }, (_, i) => ({
        body: "human_rights_council" as const,
        kind: "decision" as const,
        outcome: "adopted_without_vote" as const,
        meeting: `A/HRC/${i}/PV`,
        title: `Decision ${i}`,
        votedOn: new Date(Date.UTC(2019, 0, 1 + i)),
        totalYes: 0,
        totalNo: 0,
        totalAbstain: 0,
        totalNonVoting: 0,
      })),
    });
    const first = await votesLoader(args("/en/votes?body=human_rights_council", { lang: "en" }));
    expect(first).toMatchObject({ total: 51, page: 1, pages: 2 });
    expect(first.votes).toHaveLength(50);
    expect(first.votes[0]!.title).toBe("Decision 50");
    const second = await votesLoader(args("/en/votes?body=human_rights_council&page=2", { lang: "en" }));
    expect(second.votes.map((vote) => vote.title)).toEqual(["Decision 0"]);
    const beyond = await votesLoader(args("/en/votes?page=99", { lang: "en" }));
    expect(beyond.votes).toEqual([]);
    await getPrisma().unVote.deleteMany({ where: { body: "human_rights_council" } });
  });
});
