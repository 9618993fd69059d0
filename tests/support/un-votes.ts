// Recorded UN votes for tests, written through Prisma as the importer would leave them: totals
// equal to the member rows, none for a vote adopted without a vote.
import type { MemberVoteChoice, UnBody, UnVoteKind, UnVoteOutcome } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";

type VoteInput = {
  body?: UnBody;
  kind?: UnVoteKind;
  outcome: UnVoteOutcome;
  votedOn: string;
  meeting: string;
  title: string;
  resolution?: string | null;
  draft?: string | null;
  undlId?: string | null;
  /** Each member's vote, by ISO alpha-3. */
  choices?: Record<string, MemberVoteChoice>;
};

export async function createUnVote(input: VoteInput) {
  const choices = Object.entries(input.choices ?? {});
  const count = (choice: MemberVoteChoice) => choices.filter(([, c]) => c === choice).length;
  return getPrisma().unVote.create({
    data: {
      body: input.body ?? "security_council",
      kind: input.kind ?? "resolution",
      outcome: input.outcome,
      votedOn: new Date(`${input.votedOn}T00:00:00Z`),
      meeting: input.meeting,
      title: input.title,
      resolution: input.resolution ?? null,
      draft: input.draft ?? null,
      undlId: input.undlId ?? null,
      totalYes: count("yes"),
      totalNo: count("no"),
      totalAbstain: count("abstain"),
      totalNonVoting: count("absent"),
      memberVotes: { create: choices.map(([countryIso3, choice]) => ({ countryIso3, choice })) },
    },
  });
}

/** The Council members seated in `year` (from the seeded seats), each voting as `choices` says or yes. */
export async function councilChoices(
  year: number,
  choices: Record<string, MemberVoteChoice> = {},
): Promise<Record<string, MemberVoteChoice>> {
  const seats = await getPrisma().councilSeat.findMany({ where: { year }, select: { countryIso3: true } });
  return Object.fromEntries(seats.map(({ countryIso3 }) => [countryIso3, choices[countryIso3] ?? "yes"]));
}

/** The seeded 2014 procedural vote (S/PV.7353): 11 yes, 2 no (China, Russia), 2 abstaining. */
export async function seededAgendaVote() {
  return getPrisma().unVote.findFirstOrThrow({ where: { meeting: "S/PV.7353" } });
}
