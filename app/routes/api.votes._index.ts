import type { LoaderFunctionArgs } from "@remix-run/node";
import { listVotes } from "~/models/un-vote.server";
import { readVoteFilter } from "~/utils/un-vote-display";
import { voteApiResponse, voteSummaryJson } from "~/utils/un-vote-json";

// Recorded votes, newest first, filtered like /votes (?body=&year=&page=); a filter that does not
// parse is a 400 here, where a program, not a person, wrote the address.
export async function loader({ request }: LoaderFunctionArgs) {
  const { filter, ignored } = readVoteFilter(new URL(request.url).searchParams);
  if (ignored) {
    return voteApiResponse(
      { error: "Bad filter: body must be one of the UN bodies, year a year, page a positive integer." },
      400,
    );
  }
  const list = await listVotes(filter);
  return voteApiResponse({
    total: list.total,
    page: list.page,
    pages: list.pages,
    votes: list.votes.map(voteSummaryJson),
  });
}
