// Reading recorded UN votes for the public pages and their JSON: the timeline, one vote with every
// member's choice, a state's scorecard, the Council as it sits, and a campaign's linked votes.
// Votes are written only by the importer; nothing here changes a row.
import type { MemberVoteChoice, UnBody, UnVoteKind, UnVoteOutcome } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { councilYear, listPublicCampaigns } from "~/models/campaign.server";
import { collapseCouncilTerms, type CouncilTerm } from "~/utils/council-terms";
import { getPrisma } from "~/utils/db.server";
import { vetoesFrom } from "~/utils/un-vote-rules";
import {
  COUNCIL_RECORD_LIMIT,
  isIso3Shaped,
  isoDate,
  isVoteId,
  type CountryRef,
  type VoteFilter,
} from "~/utils/un-vote-display";

export type { CountryRef };

export const VOTES_PAGE_SIZE = 50;

export type VoteSummary = {
  id: string;
  body: UnBody;
  kind: UnVoteKind;
  outcome: UnVoteOutcome;
  meeting: string;
  /** YYYY-MM-DD */
  votedOn: string;
  title: string;
  session: string | null;
  resolution: string | null;
  draft: string | null;
  undlId: string | null;
  totals: Record<MemberVoteChoice, number>;
  /** Permanent members whose no defeated the draft; empty when it was not vetoed. */
  vetoedBy: CountryRef[];
};

type CountryRow = { iso3: string; iso2: string; nameEn: string; nameKo: string; nameJa: string };
type VoteRow = {
  id: string;
  body: UnBody;
  kind: UnVoteKind;
  outcome: UnVoteOutcome;
  meeting: string;
  votedOn: Date;
  title: string;
  session: string | null;
  resolution: string | null;
  draft: string | null;
  undlId: string | null;
  totalYes: number;
  totalNo: number;
  totalAbstain: number;
  totalNonVoting: number;
};

const COUNTRY_SELECT = { iso3: true, iso2: true, nameEn: true, nameKo: true, nameJa: true } as const;
// Newest first; votes of one day in meeting order, then by title, so pages never reshuffle.
const VOTE_ORDER = [{ votedOn: "desc" as const }, { meeting: "desc" as const }, { title: "asc" as const }];

export function countryRef(country: CountryRow): CountryRef {
  return {
    iso3: country.iso3,
    iso2: country.iso2,
    names: { en: country.nameEn, ko: country.nameKo, ja: country.nameJa },
  };
}

function yearOf(vote: { votedOn: Date }): number {
  return vote.votedOn.getUTCFullYear();
}

/** Whether a vote's outcome could be a veto: a substantive Council vote that failed. */
function mayBeVetoed(vote: Pick<VoteRow, "body" | "kind" | "outcome">): boolean {
  return vote.body === "security_council" && vote.kind !== "procedural" && vote.outcome === "rejected";
}

/** Permanent members' codes for each of the given years, from the Council seats on record. */
async function permanentMembersByYear(years: number[]): Promise<Map<number, Set<string>>> {
  const byYear = new Map<number, Set<string>>();
  if (years.length === 0) return byYear;
  const seats = await getPrisma().councilSeat.findMany({
    where: { year: { in: [...new Set(years)] }, kind: "permanent" },
    select: { year: true, countryIso3: true },
  });
  for (const seat of seats) {
    const set = byYear.get(seat.year) ?? new Set<string>();
    set.add(seat.countryIso3);
    byYear.set(seat.year, set);
  }
  return byYear;
}

/**
 * Who vetoed each vetoed vote, by the importer's rule (`vetoesFrom` in app/utils/un-vote-rules.ts)
 * applied to the stored yes total and the no ballots with each member's seat that year.
 */
async function findVetoes(votes: VoteRow[]): Promise<Map<string, CountryRef[]>> {
  const vetoes = new Map<string, CountryRef[]>();
  const candidates = votes.filter(mayBeVetoed);
  if (candidates.length === 0) return vetoes;
  const [noes, permanent] = await Promise.all([
    getPrisma().unMemberVote.findMany({
      where: { voteId: { in: candidates.map((vote) => vote.id) }, choice: "no" },
      select: { voteId: true, country: { select: COUNTRY_SELECT } },
      orderBy: { countryIso3: "asc" },
    }),
    permanentMembersByYear(candidates.map(yearOf)),
  ]);
  for (const vote of candidates) {
    const countries = noes.filter((no) => no.voteId === vote.id).map((no) => no.country);
    const seated = permanent.get(yearOf(vote));
    const codes = vetoesFrom({
      body: vote.body,
      kind: vote.kind,
      yes: vote.totalYes,
      noes: countries.map((country) => ({
        iso3: country.iso3,
        seat: seated?.has(country.iso3) ? ("permanent" as const) : ("elected" as const),
      })),
    });
    if (codes.length === 0) continue;
    vetoes.set(
      vote.id,
      codes.map((code) => countryRef(countries.find((country) => country.iso3 === code)!)),
    );
  }
  return vetoes;
}

function toSummary(vote: VoteRow, vetoes: Map<string, CountryRef[]>): VoteSummary {
  return {
    id: vote.id,
    body: vote.body,
    kind: vote.kind,
    outcome: vote.outcome,
    meeting: vote.meeting,
    votedOn: isoDate(vote.votedOn),
    title: vote.title,
    session: vote.session,
    resolution: vote.resolution,
    draft: vote.draft,
    undlId: vote.undlId,
    totals: { yes: vote.totalYes, no: vote.totalNo, abstain: vote.totalAbstain, absent: vote.totalNonVoting },
    vetoedBy: vetoes.get(vote.id) ?? [],
  };
}

async function summarise(votes: VoteRow[]): Promise<VoteSummary[]> {
  const vetoes = await findVetoes(votes);
  return votes.map((vote) => toSummary(vote, vetoes));
}

// ---------------------------------------------------------------------------------------------
// The timeline

function filterWhere(filter: Pick<VoteFilter, "body" | "year">) {
  return {
    ...(filter.body ? { body: filter.body } : {}),
    ...(filter.year
      ? {
          votedOn: {
            gte: new Date(Date.UTC(filter.year, 0, 1)),
            lt: new Date(Date.UTC(filter.year + 1, 0, 1)),
          },
        }
      : {}),
  };
}

/** One page of recorded votes, newest first, with the years any vote was recorded in (for the filter). */
export async function listVotes(filter: VoteFilter) {
  const where = filterWhere(filter);
  const [total, rows, years] = await Promise.all([
    getPrisma().unVote.count({ where }),
    getPrisma().unVote.findMany({
      where,
      orderBy: VOTE_ORDER,
      skip: (filter.page - 1) * VOTES_PAGE_SIZE,
      take: VOTES_PAGE_SIZE,
    }),
    getPrisma().$queryRaw<{ year: number }[]>`
      SELECT DISTINCT EXTRACT(YEAR FROM voted_on)::int AS year FROM un_votes ORDER BY year DESC`,
  ]);
  return {
    votes: await summarise(rows),
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / VOTES_PAGE_SIZE)),
    years: years.map((row) => row.year),
  };
}

// ---------------------------------------------------------------------------------------------
// One vote

export type MemberChoice = { country: CountryRef; choice: MemberVoteChoice; permanent: boolean };

/** A vote with every member's choice (none for a vote adopted without a vote), or null. */
export async function findVoteDetail(id: string) {
  if (!isVoteId(id)) return null;
  const vote = await getPrisma().unVote.findUnique({
    where: { id },
    include: {
      memberVotes: {
        select: { choice: true, country: { select: COUNTRY_SELECT } },
        orderBy: { countryIso3: "asc" },
      },
    },
  });
  if (!vote) return null;
  const { memberVotes, ...row } = vote;
  const [[summary], permanent] = await Promise.all([
    summarise([row]),
    vote.body === "security_council"
      ? permanentMembersByYear([yearOf(vote)])
      : new Map<number, Set<string>>(),
  ]);
  const seated = permanent.get(yearOf(vote));
  const members: MemberChoice[] = memberVotes.map((member) => ({
    country: countryRef(member.country),
    choice: member.choice,
    permanent: seated?.has(member.country.iso3) ?? false,
  }));
  return { vote: summary!, members };
}

// ---------------------------------------------------------------------------------------------
// Council seats

async function recordedSeatYears(): Promise<{ first: number; last: number }> {
  const span = await getPrisma().councilSeat.aggregate({ _min: { year: true }, _max: { year: true } });
  const fallback = councilYear();
  return { first: span._min.year ?? fallback, last: span._max.year ?? fallback };
}

async function councilTermsOf(iso3s: string[]): Promise<Map<string, CouncilTerm[]>> {
  const [seats, recorded] = await Promise.all([
    getPrisma().councilSeat.findMany({
      where: { countryIso3: { in: iso3s } },
      select: { countryIso3: true, year: true, kind: true },
    }),
    recordedSeatYears(),
  ]);
  const byCountry = new Map<string, { year: number; kind: "permanent" | "elected" }[]>();
  for (const seat of seats)
    byCountry.set(seat.countryIso3, [...(byCountry.get(seat.countryIso3) ?? []), seat]);
  return new Map(iso3s.map((iso3) => [iso3, collapseCouncilTerms(byCountry.get(iso3) ?? [], recorded)]));
}

// ---------------------------------------------------------------------------------------------
// A state's scorecard

export type RecordedChoice = { vote: VoteSummary; choice: MemberVoteChoice };

/** Every vote a state took part in, newest first. */
async function recordedChoices(iso3s: string[]): Promise<Map<string, RecordedChoice[]>> {
  const rows = await getPrisma().unMemberVote.findMany({
    where: { countryIso3: { in: iso3s } },
    select: { countryIso3: true, choice: true, vote: true },
    orderBy: [{ vote: { votedOn: "desc" } }, { vote: { meeting: "desc" } }, { vote: { title: "asc" } }],
  });
  const summaries = new Map(
    (await summarise([...new Map(rows.map((row) => [row.vote.id, row.vote])).values()])).map((vote) => [
      vote.id,
      vote,
    ]),
  );
  const byCountry = new Map<string, RecordedChoice[]>(iso3s.map((iso3) => [iso3, []]));
  for (const row of rows)
    byCountry.get(row.countryIso3)!.push({ vote: summaries.get(row.vote.id)!, choice: row.choice });
  return byCountry;
}

/**
 * A state's scorecard, or `{ redirect }` when the code is right but in the wrong case, or null when
 * no such state is known.
 */
export async function loadCountryScorecard(code: string, locale: Locale, year = councilYear()) {
  if (!isIso3Shaped(code)) return null;
  const iso3 = code.toUpperCase();
  const country = await getPrisma().country.findUnique({
    where: { iso3 },
    select: { ...COUNTRY_SELECT, unMember: true },
  });
  if (!country) return null;
  if (code !== iso3) return { redirect: iso3 } as const;
  const [choices, terms, campaigns] = await Promise.all([
    recordedChoices([iso3]),
    councilTermsOf([iso3]),
    listPublicCampaigns(locale, year),
  ]);
  const countryTerms = terms.get(iso3)!;
  return {
    country: { ...countryRef(country), unMember: country.unMember },
    votes: choices.get(iso3)!,
    terms: countryTerms,
    seatedIn: countryTerms.some((term) => term.from <= year && (term.kind === "permanent" || term.to >= year))
      ? year
      : null,
    campaigns: campaigns
      .filter(
        (campaign) => campaign.status === "live" && campaign.targets.some((target) => target.iso3 === iso3),
      )
      .map((campaign) => ({ slug: campaign.slug, title: campaign.title, textLocale: campaign.textLocale })),
  };
}

// ---------------------------------------------------------------------------------------------
// The Council as it sits

export type CouncilMember = {
  country: CountryRef;
  kind: "permanent" | "elected";
  /** The last year of an elected member's term; null for a permanent member. */
  termEnds: number | null;
  counts: Record<MemberVoteChoice, number>;
  /** Its most recent votes (COUNCIL_RECORD_LIMIT at most), newest first. */
  recent: RecordedChoice[];
};

/**
 * The members seated in `year` (the CouncilSeat rows of that year), permanent members first, with
 * each one's record on every recorded vote, and the recorded votes on which any of them voted no
 * or abstained, newest first.
 */
export async function loadCouncil(year = councilYear()) {
  const seats = await getPrisma().councilSeat.findMany({
    where: { year },
    select: { kind: true, country: { select: COUNTRY_SELECT } },
  });
  const iso3s = seats.map((seat) => seat.country.iso3);
  const [choices, terms] = await Promise.all([recordedChoices(iso3s), councilTermsOf(iso3s)]);
  const members: CouncilMember[] = seats.map((seat) => {
    const record = choices.get(seat.country.iso3) ?? [];
    const counts = { yes: 0, no: 0, abstain: 0, absent: 0 };
    for (const { choice } of record) counts[choice]++;
    const term = terms
      .get(seat.country.iso3)
      ?.find((t) => t.kind === "elected" && t.from <= year && t.to >= year);
    return {
      country: countryRef(seat.country),
      kind: seat.kind,
      termEnds: seat.kind === "elected" && term?.kind === "elected" ? term.to : null,
      counts,
      recent: record.slice(0, COUNCIL_RECORD_LIMIT),
    };
  });
  const dissent = new Map<string, { vote: VoteSummary; no: CountryRef[]; abstain: CountryRef[] }>();
  for (const member of members) {
    for (const { vote, choice } of choices.get(member.country.iso3) ?? []) {
      if (choice !== "no" && choice !== "abstain") continue;
      const entry = dissent.get(vote.id) ?? { vote, no: [], abstain: [] };
      entry[choice].push(member.country);
      dissent.set(vote.id, entry);
    }
  }
  const order = (a: VoteSummary, b: VoteSummary) =>
    b.votedOn.localeCompare(a.votedOn) ||
    b.meeting.localeCompare(a.meeting) ||
    a.title.localeCompare(b.title);
  return {
    year,
    members,
    dissent: [...dissent.values()].sort((a, b) => order(a.vote, b.vote)),
  };
}

// ---------------------------------------------------------------------------------------------
// A campaign's linked votes

/**
 * The votes linked to a campaign, newest first, each with how every one of `targets` voted: null
 * when the state was not called on that vote (not a member of the body, or adopted without a vote).
 */
export async function listCampaignVoteRecords(campaignId: string, targets: string[]) {
  const links = await getPrisma().campaignVote.findMany({
    where: { campaignId },
    select: {
      vote: {
        include: {
          memberVotes: {
            where: { countryIso3: { in: targets } },
            select: { countryIso3: true, choice: true },
          },
        },
      },
    },
  });
  const rows = links.map((link) => link.vote);
  const summaries = await summarise(rows.map(({ memberVotes: _, ...vote }) => vote));
  return rows
    .map((row, index) => {
      const chosen = new Map(row.memberVotes.map((member) => [member.countryIso3, member.choice]));
      return {
        vote: summaries[index]!,
        choices: targets.map((iso3) => ({ iso3, choice: chosen.get(iso3) ?? null })),
      };
    })
    .sort((a, b) => b.vote.votedOn.localeCompare(a.vote.votedOn) || a.vote.title.localeCompare(b.vote.title));
}
