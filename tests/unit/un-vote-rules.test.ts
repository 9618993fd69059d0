import { describe, expect, it } from "vitest";
import {
  tallyOf,
  vetoedBy,
  voteOutcome,
  type MemberBallot,
  type MemberChoiceName,
} from "~/utils/un-vote-rules";

const PERMANENT = ["CHN", "FRA", "GBR", "RUS", "USA"];
const ELECTED = ["ARG", "AUS", "CHL", "JOR", "KOR", "LTU", "LUX", "NGA", "RWA", "TCD"];

/** A Council of 15 where everyone votes yes unless `choices` says otherwise. */
function council(choices: Record<string, MemberChoiceName> = {}): MemberBallot[] {
  return [
    ...PERMANENT.map((iso3) => ({ iso3, seat: "permanent" as const, choice: choices[iso3] ?? "yes" })),
    ...ELECTED.map((iso3) => ({ iso3, seat: "elected" as const, choice: choices[iso3] ?? "yes" })),
  ];
}

describe("the Security Council's rules", () => {
  it("rejects a draft resolution with 13 yes and one permanent member's no, and calls it a veto", () => {
    const ballots = council({ RUS: "no", CHN: "abstain" });
    expect(tallyOf(ballots)).toEqual({ yes: 13, no: 1, abstain: 1, nonVoting: 0 });
    expect(voteOutcome({ body: "security_council", kind: "resolution", ballots })).toBe("rejected");
    expect(vetoedBy({ body: "security_council", kind: "resolution", ballots })).toEqual(["RUS"]);
  });

  it("treats an amendment like a draft resolution: two permanent noes are two vetoes", () => {
    const ballots = council({ RUS: "no", CHN: "no" });
    expect(voteOutcome({ body: "security_council", kind: "amendment", ballots })).toBe("rejected");
    expect(vetoedBy({ body: "security_council", kind: "amendment", ballots })).toEqual(["CHN", "RUS"]);
  });

  it("passes a procedural vote with 9 yes whatever two permanent members vote", () => {
    const ballots = council({
      CHN: "no",
      RUS: "no",
      TCD: "abstain",
      NGA: "abstain",
      ARG: "no",
      AUS: "absent",
    });
    expect(tallyOf(ballots).yes).toBe(9);
    expect(voteOutcome({ body: "security_council", kind: "procedural", ballots })).toBe("adopted");
    expect(vetoedBy({ body: "security_council", kind: "procedural", ballots })).toEqual([]);
  });

  it("fails a procedural vote with 8 yes even when nobody votes no", () => {
    const ballots = council({
      ARG: "abstain",
      AUS: "abstain",
      CHL: "abstain",
      JOR: "abstain",
      KOR: "absent",
      LTU: "absent",
      LUX: "absent",
    });
    expect(tallyOf(ballots).yes).toBe(8);
    expect(voteOutcome({ body: "security_council", kind: "procedural", ballots })).toBe("rejected");
  });

  it("adopts a draft a permanent member abstains on: an abstention is no veto", () => {
    const ballots = council({ CHN: "abstain", RUS: "absent" });
    expect(voteOutcome({ body: "security_council", kind: "resolution", ballots })).toBe("adopted");
  });

  it("does not count a permanent no as a veto when the draft lacked nine yes anyway", () => {
    const ballots = council({
      RUS: "no",
      ARG: "no",
      AUS: "no",
      CHL: "no",
      JOR: "abstain",
      KOR: "abstain",
      LTU: "abstain",
    });
    expect(tallyOf(ballots).yes).toBe(8);
    expect(voteOutcome({ body: "security_council", kind: "resolution", ballots })).toBe("rejected");
    expect(vetoedBy({ body: "security_council", kind: "resolution", ballots })).toEqual([]);
  });
});

describe("the General Assembly, Third Committee and Human Rights Council", () => {
  const ballots = (yes: number, no: number, abstain: number): MemberBallot[] => [
    ...Array.from({ length: yes }, (_, i) => ({ iso3: `Y${i}`, choice: "yes" as const })),
    ...Array.from({ length: no }, (_, i) => ({ iso3: `N${i}`, choice: "no" as const })),
    ...Array.from({ length: abstain }, (_, i) => ({ iso3: `A${i}`, choice: "abstain" as const })),
  ];

  it("adopts with more yes than no, however many abstain", () => {
    for (const body of ["general_assembly", "third_committee", "human_rights_council"] as const) {
      expect(voteOutcome({ body, kind: "resolution", ballots: ballots(20, 19, 150) })).toBe("adopted");
      expect(vetoedBy({ body, kind: "resolution", ballots: ballots(20, 19, 150) })).toEqual([]);
    }
  });

  it("rejects a tie and a majority of noes", () => {
    expect(voteOutcome({ body: "general_assembly", kind: "amendment", ballots: ballots(50, 50, 3) })).toBe(
      "rejected",
    );
    expect(
      voteOutcome({ body: "human_rights_council", kind: "resolution", ballots: ballots(10, 20, 17) }),
    ).toBe("rejected");
  });

  it("ignores a Council seat given for another body: no veto in the General Assembly", () => {
    const withSeats = [
      ...ballots(100, 1, 0),
      { iso3: "RUS", choice: "no" as const, seat: "permanent" as const },
    ];
    expect(voteOutcome({ body: "general_assembly", kind: "resolution", ballots: withSeats })).toBe("adopted");
  });
});
