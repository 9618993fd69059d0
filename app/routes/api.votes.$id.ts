import type { LoaderFunctionArgs } from "@remix-run/node";
import { findVoteDetail } from "~/models/un-vote.server";
import { choiceJson, countryJson, voteApiResponse, voteSummaryJson } from "~/utils/un-vote-json";

// One vote with every member's vote (none for a vote adopted without a vote).
export async function loader({ params }: LoaderFunctionArgs) {
  const detail = await findVoteDetail(params.id ?? "");
  if (!detail) return voteApiResponse({ error: "No such vote." }, 404);
  return voteApiResponse({
    ...voteSummaryJson(detail.vote),
    members: detail.members.map((member) => ({
      ...countryJson(member.country),
      vote: choiceJson(member.choice),
      permanentMember: member.permanent,
    })),
  });
}
