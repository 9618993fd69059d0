import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadCountryScorecard } from "~/models/un-vote.server";
import {
  choiceJson,
  councilTermJson,
  countryJson,
  voteApiResponse,
  voteSummaryJson,
} from "~/utils/un-vote-json";

// A state's scorecard: its vote on every recorded vote, its Council terms, the live campaigns that
// address it. The code is taken in any case; campaigns are listed by slug (their titles depend on
// the reader's language, and this answer does not).
export async function loader({ params }: LoaderFunctionArgs) {
  const scorecard = await loadCountryScorecard((params.iso3 ?? "").toUpperCase(), "en");
  if (!scorecard || "redirect" in scorecard) return voteApiResponse({ error: "No such country." }, 404);
  return voteApiResponse({
    ...countryJson(scorecard.country),
    unMember: scorecard.country.unMember,
    councilTerms: scorecard.terms.map(councilTermJson),
    votes: scorecard.votes.map(({ vote, choice }) => ({
      ...voteSummaryJson(vote),
      vote: choiceJson(choice),
    })),
    campaigns: scorecard.campaigns.map((campaign) => ({ slug: campaign.slug })),
  });
}
