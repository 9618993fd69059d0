// The JSON shape of the vote API (/api/votes, /api/votes/:id, /api/countries/:iso3): numbers as
// numbers, ISO codes, dates as YYYY-MM-DD, states named in all three languages so one response
// serves every reader (no Vary), and "non_voting" for what the database calls absent.
import type { CouncilTerm } from "~/utils/council-terms";
import type { CountryRef, VoteChoiceName } from "~/utils/un-vote-display";

/** What a cache may do with a vote response: votes change only when staff import, so a minute. */
export const VOTE_API_CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=600";

type Summary = {
  id: string;
  body: string;
  kind: string;
  outcome: string;
  meeting: string;
  votedOn: string;
  title: string;
  session: string | null;
  resolution: string | null;
  draft: string | null;
  undlId: string | null;
  totals: Record<VoteChoiceName, number>;
  vetoedBy: CountryRef[];
};

export function choiceJson(choice: VoteChoiceName): "yes" | "no" | "abstain" | "non_voting" {
  return choice === "absent" ? "non_voting" : choice;
}

export function countryJson(country: CountryRef) {
  return { iso3: country.iso3, iso2: country.iso2, name: country.names };
}

export function voteSummaryJson(vote: Summary) {
  return {
    id: vote.id,
    body: vote.body,
    kind: vote.kind,
    outcome: vote.outcome,
    vetoed: vote.vetoedBy.length > 0,
    vetoedBy: vote.vetoedBy.map((country) => country.iso3),
    date: vote.votedOn,
    meeting: vote.meeting,
    document: vote.resolution,
    draft: vote.draft,
    session: vote.session,
    undlId: vote.undlId,
    title: vote.title,
    totals: {
      yes: vote.totals.yes,
      no: vote.totals.no,
      abstain: vote.totals.abstain,
      nonVoting: vote.totals.absent,
    },
  };
}

export function councilTermJson(term: CouncilTerm) {
  return term.kind === "permanent"
    ? { kind: term.kind, from: term.from, to: null }
    : { kind: term.kind, from: term.from, to: term.to };
}

/** A JSON answer the API's callers and caches treat alike, found or not. */
export function voteApiResponse(body: unknown, status = 200): Response {
  return Response.json(body, {
    status,
    headers: { "Cache-Control": status === 200 ? VOTE_API_CACHE_CONTROL : "public, max-age=60" },
  });
}
