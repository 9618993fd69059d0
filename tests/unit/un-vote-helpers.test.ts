import { describe, expect, it } from "vitest";
import { collapseCouncilTerms } from "~/utils/council-terms";
import { flagEmoji, readVoteFilter, tallyShares, voteFilterQuery } from "~/utils/un-vote-display";

const RECORDED = { first: 2014, last: 2026 };
const elected = (...years: number[]) => years.map((year) => ({ year, kind: "elected" as const }));

describe("collapseCouncilTerms", () => {
  it("shows a permanent seat once, however many years are on record", () => {
    const seats = [2014, 2015, 2016].map((year) => ({ year, kind: "permanent" as const }));
    expect(collapseCouncilTerms(seats, RECORDED)).toEqual([{ kind: "permanent", from: 2014 }]);
  });

  it("joins consecutive elected years and keeps separate terms apart, newest first", () => {
    expect(collapseCouncilTerms(elected(2017, 2016, 2023, 2024), RECORDED)).toEqual([
      { kind: "elected", from: 2023, to: 2024 },
      { kind: "elected", from: 2016, to: 2017 },
    ]);
  });

  it("completes a two-year term cut by either end of the record, but not a split seat inside it", () => {
    expect(collapseCouncilTerms(elected(2026), RECORDED)).toEqual([
      { kind: "elected", from: 2026, to: 2027 },
    ]);
    expect(collapseCouncilTerms(elected(2014), RECORDED)).toEqual([
      { kind: "elected", from: 2013, to: 2014 },
    ]);
    expect(collapseCouncilTerms(elected(2017), RECORDED)).toEqual([
      { kind: "elected", from: 2017, to: 2017 },
    ]);
  });

  it("has no terms for a state never seated", () => {
    expect(collapseCouncilTerms([], RECORDED)).toEqual([]);
  });
});

describe("the vote pages' helpers", () => {
  it("makes an emoji flag from an alpha-2 code, and nothing from anything else", () => {
    expect(flagEmoji("kp")).toBe("\u{1F1F0}\u{1F1F5}");
    expect(flagEmoji("K1")).toBe("");
    expect(flagEmoji("")).toBe("");
  });

  it("reads the /votes filters, dropping what does not parse", () => {
    expect(readVoteFilter(new URLSearchParams("body=general_assembly&year=2014&page=2"))).toEqual({
      filter: { body: "general_assembly", year: 2014, page: 2 },
      ignored: false,
    });
    expect(readVoteFilter(new URLSearchParams("body=GENERAL&year=14.5&page=0"))).toEqual({
      filter: { page: 1 },
      ignored: true,
    });
    expect(readVoteFilter(new URLSearchParams("utm_source=x"))).toEqual({
      filter: { page: 1 },
      ignored: false,
    });
  });

  it("writes a filter back as a query without its defaults", () => {
    expect(voteFilterQuery({ body: "security_council", year: 2022, page: 1 })).toBe(
      "?body=security_council&year=2022",
    );
    expect(voteFilterQuery({ page: 3 })).toBe("?page=3");
    expect(voteFilterQuery({})).toBe("");
  });

  it("gives the tally bar's shares of the members called", () => {
    expect(tallyShares({ yes: 11, no: 2, abstain: 2, absent: 0 })).toEqual({
      yes: 73.3,
      no: 13.3,
      abstain: 13.3,
      absent: 0,
    });
    expect(tallyShares({ yes: 0, no: 0, abstain: 0, absent: 0 })).toEqual({
      yes: 0,
      no: 0,
      abstain: 0,
      absent: 0,
    });
  });
});
