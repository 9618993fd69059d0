// The UN vote pages as a reader gets them from the built app, in English, Korean and Japanese:
// plain HTML with no script, shared and cacheable, every member's vote written out, a veto named,
// the filter form working by GET, the Council's members with their terms, translated 404s, and the
// campaign page's record of its targets' votes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { createCampaign } from "../factories";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { stopNodeProcess } from "../support/processes";
import { councilChoices, createUnVote, seededAgendaVote } from "../support/un-votes";

const LANGS = ["en", "ko", "ja"] as const;
type Lang = (typeof LANGS)[number];

let app: BuiltApp;
let vetoId: string;
let thirdId: string;
let agendaId: string;

beforeAll(async () => {
  // The app seeds only the embedded database it starts itself, not one it is given.
  await seedDatabase(getPrisma());
  agendaId = (await seededAgendaVote()).id;
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
  thirdId = (
    await createUnVote({
      body: "third_committee",
      outcome: "adopted",
      votedOn: "2014-11-18",
      meeting: "A/C.3/69/SR.44",
      title: "Situation of human rights in the Democratic People's Republic of Korea",
      resolution: "A/RES/69/188",
      choices: { KOR: "yes", JPN: "yes", PRK: "no", CHN: "no", IND: "abstain", NGA: "absent" },
    })
  ).id;
  const campaign = await createCampaign({ slug: "votes-on-the-page", targets: ["CHN", "FRA", "PRK"] });
  await getPrisma().campaignVote.create({ data: { campaignId: campaign.id, voteId: vetoId } });
  app = await startBuiltApp();
}, 60_000);

afterAll(async () => {
  if (app) await stopNodeProcess(app.proc, 15_000);
});

async function page(path: string, status = 200, options: { images?: boolean } = {}): Promise<string> {
  const response = await fetch(`${app.baseUrl}${path}`);
  expect([path, response.status]).toEqual([path, status]);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const html = await response.text();
  // ADR 0016: no framework, no script of its own, no image to fetch per member.
  expect(html).not.toMatch(/<script/);
  if (!options.images) expect(html).not.toMatch(/<img/);
  return html;
}

/** The text of an HTML fragment, tags dropped and entities of the kind React writes decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}

const WORDS: Record<
  Lang,
  { yesGroup: string; noGroup: string; tally: string; veto: RegExp; procedural: string; notFound: string }
> = {
  en: {
    yesGroup: "Yes (13)",
    noGroup: "No (2)",
    tally: "13 yes, 2 no, 0 abstaining, 0 non-voting",
    veto: /Vetoed by China and Russian Federation/,
    procedural: "Procedural (no document)",
    notFound: "Page not found",
  },
  ko: {
    yesGroup: "찬성 (13)",
    noGroup: "반대 (2)",
    tally: "찬성 13, 반대 2, 기권 0, 표결 불참 0",
    veto: /거부권 행사로 부결 \(행사국: 중국.*러시아\)/,
    procedural: "절차 표결 (문서 없음)",
    notFound: "페이지를 찾을 수 없습니다",
  },
  ja: {
    yesGroup: "賛成（13）",
    noGroup: "反対（2）",
    tally: "賛成13、反対2、棄権0、投票不参加0",
    veto: /拒否権により否決（行使国：中国.*ロシア）/,
    procedural: "手続き事項（文書なし）",
    notFound: "ページが見つかりません",
  },
};

describe.each(LANGS)("in %s", (lang) => {
  const words = WORDS[lang];

  it("a vote page shows the tally, every member in its group with its flag, the veto by name, and the UN sources", async () => {
    const response = await fetch(`${app.baseUrl}/${lang}/votes/${vetoId}`);
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=2");
    const html = await page(`/${lang}/votes/${vetoId}`);
    const body = text(html);
    expect(body).toContain(words.yesGroup);
    expect(body).toContain(words.noGroup);
    expect(body).toContain(words.tally);
    expect(body).toMatch(words.veto);
    expect(body).toContain(words.procedural);
    // Fifteen members, each once, linked to its scorecard, with an emoji flag (China: 🇨🇳).
    expect(html.match(/<li data-iso3="/g)).toHaveLength(15);
    expect(html).toContain(`href="/${lang}/countries/CHN"`);
    expect(html).toContain("\u{1F1E8}\u{1F1F3}");
    expect(html).toContain('href="https://undocs.org/S/PV.9048" rel="noopener noreferrer"');
    expect(html).toContain('href="https://undocs.org/S/2022/431" rel="noopener noreferrer"');
    expect(html).toContain('href="https://digitallibrary.un.org/record/3975245" rel="noopener noreferrer"');
    expect(html).toMatch(/<svg class="tally__bar"/);
  });

  it("the seeded agenda vote is procedural and vetoed by no one", async () => {
    const body = text(await page(`/${lang}/votes/${agendaId}`));
    expect(body).not.toMatch(words.veto);
    expect(body).toContain(WORDS[lang].procedural);
  });

  it("an unknown or malformed vote, and an unknown country, is a translated 404", async () => {
    for (const path of [
      `/${lang}/votes/00000000-0000-4000-8000-000000000000`,
      `/${lang}/votes/not-a-vote`,
      `/${lang}/countries/XYZ`,
    ]) {
      expect(text(await page(path, 404))).toContain(words.notFound);
    }
  });

  it("the timeline filters by body and year through a plain GET form", async () => {
    const all = await page(`/${lang}/votes`);
    expect(all).toMatch(/<form method="get" action="\/[a-z]{2}\/votes"/);
    expect(all).toContain(`href="/${lang}/votes/${vetoId}"`);
    expect(all).toContain(`href="/${lang}/votes/${thirdId}"`);
    const third = await page(`/${lang}/votes?body=third_committee&year=2014`);
    expect(third).toContain(`href="/${lang}/votes/${thirdId}"`);
    expect(third).not.toContain(`href="/${lang}/votes/${vetoId}"`);
    expect(third).not.toContain(`href="/${lang}/votes/${agendaId}"`);
    expect(third).toMatch(/<option value="third_committee" selected="">/);
    const bad = await page(`/${lang}/votes?year=soon`);
    expect(bad).toContain('role="status"');
    expect(bad).toContain(`href="/${lang}/votes/${vetoId}"`);
  });

  it("a scorecard lists a state's votes and Council terms; North Korea's too", async () => {
    const korea = text(await page(`/${lang}/countries/KOR`));
    const term = {
      en: "2024–2025 (elected)",
      ko: "2024–2025 (비상임이사국)",
      ja: "2024–2025（非常任理事国）",
    }[lang];
    expect(korea).toContain(term);
    const dprk = await page(`/${lang}/countries/PRK`);
    expect(text(dprk)).toContain(
      { en: "Democratic People's Republic of Korea", ko: "북한", ja: "北朝鮮" }[lang],
    );
    expect(dprk).toContain(`href="/${lang}/votes/${thirdId}"`);
    const moved = await fetch(`${app.baseUrl}/${lang}/countries/prk`, { redirect: "manual" });
    expect([moved.status, moved.headers.get("location")]).toEqual([301, `/${lang}/countries/PRK`]);
  });

  it("the Council page lists this year's members with their seats and terms", async () => {
    const year = new Date().getUTCFullYear();
    const seats = await getPrisma().councilSeat.findMany({ where: { year } });
    const html = await page(`/${lang}/council`);
    const rows = [...html.matchAll(/<tr data-iso3="([A-Z]{3})">/g)].map((match) => match[1]);
    expect(rows.sort()).toEqual(seats.map((seat) => seat.countryIso3).sort());
    if (year === 2026) {
      const ends = {
        en: "Elected, term ends 2027",
        ko: "비상임이사국, 2027년 임기 종료",
        ja: "非常任理事国、2027年に任期満了",
      };
      expect(text(html)).toContain(ends[lang]);
    }
    expect(html).toContain(`href="/${lang}/votes/${vetoId}"`);
  });

  it("the campaign page shows how its targets voted on its linked votes; the home page links to the votes", async () => {
    const response = await fetch(`${app.baseUrl}/${lang}/campaigns/votes-on-the-page`);
    const html = await response.text();
    const heading = {
      en: "How the governments addressed voted",
      ko: "청원 대상국의 투표",
      ja: "請願の宛先国の投票",
    };
    expect(html).toContain(heading[lang]);
    const section = html.slice(html.indexOf('class="target-votes"'));
    expect(section).toMatch(/<li data-iso3="CHN">.*?<strong class="choice choice--no">/);
    expect(section).toMatch(/<li data-iso3="PRK">.*?<strong class="choice choice--none">/);
    // The home page keeps its campaigns' flag images; what matters here is its links.
    const home = await page(`/${lang}`, 200, { images: true });
    expect(home).toContain(`href="/${lang}/votes"`);
    expect(home).toContain(`href="/${lang}/council"`);
  });
});

describe("the JSON API in the built app", () => {
  it("answers JSON with the totals as numbers, cacheable, and 404 JSON for an unknown vote", async () => {
    const response = await fetch(`${app.baseUrl}/api/votes/${vetoId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toMatch(/^public/);
    expect((await response.json()).totals).toEqual({ yes: 13, no: 2, abstain: 0, nonVoting: 0 });
    const missing = await fetch(`${app.baseUrl}/api/votes/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "No such vote." });
    const list = await (await fetch(`${app.baseUrl}/api/votes`)).json();
    expect(list.total).toBe(3);
    const country = await (await fetch(`${app.baseUrl}/api/countries/chn`)).json();
    expect(country.votes.map((vote: { vote: string }) => vote.vote)).toEqual(["no", "no", "no"]);
  });
});
