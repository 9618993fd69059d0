// The voting rules of the UN bodies Rollcall records, as pure functions: the importer derives a
// recorded vote's outcome from them, and the pages explain a rejected Council draft as a veto.
//
// What is modelled, and what is not:
// - Security Council (Charter Art. 27): every decision needs nine affirmative votes. On a
//   procedural matter that is all; on every other matter (a draft resolution, an amendment, any
//   other decision) a permanent member's negative vote defeats it. A permanent member's abstention
//   or absence is not a veto (the Council's settled practice since 1946).
// - General Assembly plenary, Third Committee, Human Rights Council: a simple majority of the
//   members present and voting, i.e. more yes than no; abstentions and non-voting members do not
//   count. The General Assembly's "important questions" (Art. 18(2)), which need two thirds, are
//   out of scope: none of the votes this NGO records is one, and nothing in the UN Digital
//   Library's export says which votes were. A tie fails (Rules of Procedure, rule 95 / rule 133).

export const UN_BODIES = [
  "security_council",
  "general_assembly",
  "third_committee",
  "human_rights_council",
] as const;
export const UN_VOTE_KINDS = ["resolution", "procedural", "amendment", "decision"] as const;
export type UnBodyName = (typeof UN_BODIES)[number];
export type UnVoteKindName = (typeof UN_VOTE_KINDS)[number];
export type MemberChoiceName = "yes" | "no" | "abstain" | "absent";
export type SeatKindName = "permanent" | "elected";

/** A member's vote, with its Council seat when the body is the Security Council. */
export type MemberBallot = { iso3: string; choice: MemberChoiceName; seat?: SeatKindName };

export type Tally = { yes: number; no: number; abstain: number; nonVoting: number };

/** Affirmative votes every Security Council decision needs (Art. 27(2) and (3)). */
export const COUNCIL_MAJORITY = 9;

export function tallyOf(ballots: readonly Pick<MemberBallot, "choice">[]): Tally {
  const tally: Tally = { yes: 0, no: 0, abstain: 0, nonVoting: 0 };
  for (const { choice } of ballots) {
    if (choice === "absent") tally.nonVoting++;
    else tally[choice]++;
  }
  return tally;
}

/** Whether the permanent members' concurrence is needed: everything on the Council but procedure. */
function isSubstantiveCouncilVote(body: UnBodyName, kind: UnVoteKindName): boolean {
  return body === "security_council" && kind !== "procedural";
}

/** The outcome the body's rules give a recorded vote. */
export function voteOutcome(vote: {
  body: UnBodyName;
  kind: UnVoteKindName;
  ballots: readonly MemberBallot[];
}): "adopted" | "rejected" {
  const tally = tallyOf(vote.ballots);
  if (vote.body !== "security_council") return tally.yes > tally.no ? "adopted" : "rejected";
  if (tally.yes < COUNCIL_MAJORITY) return "rejected";
  if (isSubstantiveCouncilVote(vote.body, vote.kind) && permanentNoes(vote.ballots).length > 0) {
    return "rejected";
  }
  return "adopted";
}

function permanentNoes(ballots: readonly MemberBallot[]): string[] {
  return ballots
    .filter((ballot) => ballot.seat === "permanent" && ballot.choice === "no")
    .map((ballot) => ballot.iso3)
    .sort();
}

/**
 * The permanent members whose no defeated a Council draft that had the nine votes it needed: the
 * vetoes, as the UN's own veto list counts them. Empty when the vote was not vetoed: it passed, it
 * was procedural, it is another body's, or it lacked nine yes anyway (then a permanent member's no
 * did not decide it, and the UN does not list it as a veto).
 */
export function vetoedBy(vote: {
  body: UnBodyName;
  kind: UnVoteKindName;
  ballots: readonly MemberBallot[];
}): string[] {
  return vetoesFrom({
    ...vote,
    yes: tallyOf(vote.ballots).yes,
    noes: vote.ballots.filter((b) => b.choice === "no"),
  });
}

/**
 * The same rule for a reader that holds a vote's stored yes total and only its no ballots (the
 * public pages read no more rows than that), so the pages and the importer cannot disagree.
 */
export function vetoesFrom(vote: {
  body: UnBodyName;
  kind: UnVoteKindName;
  yes: number;
  noes: readonly Pick<MemberBallot, "iso3" | "seat">[];
}): string[] {
  if (!isSubstantiveCouncilVote(vote.body, vote.kind)) return [];
  if (vote.yes < COUNCIL_MAJORITY) return [];
  return vote.noes
    .filter((ballot) => ballot.seat === "permanent")
    .map((ballot) => ballot.iso3)
    .sort();
}
