import { beforeAll, describe, expect, it } from "vitest";
import { applyVoteImport, planVoteImport, type VoteImportOptions } from "~/models/un-vote-import.server";
import { getPrisma } from "~/utils/db.server";
import { readVoteCsv } from "~/utils/un-vote-csv";
import { createCountry } from "../../factories";
import {
  AGENDA_VOTE_CSV,
  allYes,
  councilVoteRows,
  csvOf,
  HEADER,
  seatCouncil2014,
} from "../../support/un-vote-csv";

const COUNCIL = { body: "security_council" } as const;

async function voteCount() {
  return { votes: await getPrisma().unVote.count(), members: await getPrisma().unMemberVote.count() };
}

/** Imports nothing, and reports exactly these codes on these lines. */
async function expectRefused(
  text: string,
  expected: { line: number; code: string }[],
  options: VoteImportOptions = COUNCIL,
) {
  const before = await voteCount();
  const plan = await applyVoteImport(text, options);
  expect(plan.errors.map(({ line, code }) => ({ line, code }))).toEqual(expected);
  expect(plan.votes).toEqual([]);
  expect(await voteCount()).toEqual(before);
  return plan.errors;
}

beforeAll(async () => {
  await seatCouncil2014();
  await createCountry("PRK");
  await createCountry("DEU");
});

describe("importing the Council's 2014 agenda vote", () => {
  it("imports one procedural vote, adopted 11–2–2, with 15 member rows; again, it changes nothing", async () => {
    const plan = await applyVoteImport(AGENDA_VOTE_CSV, COUNCIL);
    expect(plan.errors).toEqual([]);
    expect(plan.counts).toEqual({ new: 1, changed: 0, unchanged: 0 });
    const vote = await getPrisma().unVote.findFirstOrThrow({ include: { memberVotes: true } });
    expect(vote).toMatchObject({
      body: "security_council",
      kind: "procedural",
      outcome: "adopted",
      meeting: "S/PV.7353",
      resolution: null,
      undlId: null,
      totalYes: 11,
      totalNo: 2,
      totalAbstain: 2,
      totalNonVoting: 0,
    });
    expect(vote.votedOn.toISOString().slice(0, 10)).toBe("2014-12-22");
    expect(vote.title).toBe(
      `Procedural vote: adoption of the agenda including "The situation in the Democratic People's Republic of Korea"`,
    );
    expect(vote.memberVotes).toHaveLength(15);
    const noes = vote.memberVotes.filter((m) => m.choice === "no").map((m) => m.countryIso3);
    expect(noes.sort()).toEqual(["CHN", "RUS"]);

    const again = await applyVoteImport(AGENDA_VOTE_CSV, COUNCIL);
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 1 });
    expect(again.votes[0]!.existingId).toBe(vote.id);
    expect(await voteCount()).toEqual({ votes: 1, members: 15 });
  });

  it("reads the file with a byte-order mark and CRLF line ends, and with extra columns", async () => {
    const crlf = "\uFEFF" + AGENDA_VOTE_CSV.replaceAll("\n", "\r\n");
    expect((await planVoteImport(crlf, COUNCIL)).counts).toEqual({ new: 0, changed: 0, unchanged: 1 });
    const extra = AGENDA_VOTE_CSV.split("\n")
      .map((line, index) => (line ? `${line},${index === 0 ? "notes" : "x"}` : line))
      .join("\n");
    expect((await planVoteImport(extra, COUNCIL)).counts).toEqual({ new: 0, changed: 0, unchanged: 1 });
  });

  it("plans a corrected file as a change naming the member and totals that differ, then applies it", async () => {
    const corrected = AGENDA_VOTE_CSV.replace(",TCD,Chad,A,", ",TCD,Chad,Y,")
      .replace(",NGA,Nigeria,A,", ",NGA,Nigeria,Y,")
      .replaceAll(",11,2,2,0,15", ",13,2,0,0,15");
    const plan = await planVoteImport(corrected, COUNCIL);
    expect(plan.counts).toEqual({ new: 0, changed: 1, unchanged: 0 });
    expect(plan.votes[0]!.changedFields.sort()).toEqual(["totalAbstain", "totalYes"]);
    expect(plan.votes[0]!.memberChanges).toEqual([
      { iso3: "NGA", from: "abstain", to: "yes" },
      { iso3: "TCD", from: "abstain", to: "yes" },
    ]);
    await applyVoteImport(corrected, COUNCIL);
    const chad = await getPrisma().unMemberVote.findFirstOrThrow({ where: { countryIso3: "TCD" } });
    expect(chad.choice).toBe("yes");
    expect(await voteCount()).toEqual({ votes: 1, members: 15 });
    // Put back as the file says, for the tests after this one.
    expect((await applyVoteImport(AGENDA_VOTE_CSV, COUNCIL)).counts.changed).toBe(1);
  });
});

describe("the Council's rules", () => {
  it("rejects a draft resolution with 13 yes and a permanent member's no, as a veto", async () => {
    const text = csvOf(
      councilVoteRows({ draft: "S/2014/999", meeting: "S/PV.7300", votes: allYes({ RUS: "N", CHN: "A" }) }),
    );
    const plan = await applyVoteImport(text, COUNCIL);
    expect(plan.errors).toEqual([]);
    expect(plan.votes[0]).toMatchObject({
      vetoedBy: ["RUS"],
      fields: { kind: "resolution", outcome: "rejected", totalYes: 13 },
    });
  });

  it("adopts a procedural vote with 9 yes and two permanent noes", async () => {
    const votes = allYes({ RUS: "N", CHN: "N", TCD: "A", NGA: "A", JOR: "A", ARG: "" });
    const plan = await planVoteImport(csvOf(councilVoteRows({ meeting: "S/PV.7301", votes })), COUNCIL);
    expect(plan.errors).toEqual([]);
    expect(plan.votes[0]).toMatchObject({
      vetoedBy: [],
      fields: { kind: "procedural", outcome: "adopted", totalYes: 9, totalNo: 2, totalNonVoting: 1 },
    });
  });

  it("refuses a resolution symbol on a draft that the rules reject", async () => {
    const rows = councilVoteRows({
      resolution: "S/RES/9999 (2014)",
      meeting: "S/PV.7302",
      votes: allYes({ USA: "N" }),
    });
    await expectRefused(csvOf(rows), [{ line: 2, code: "resolutionRejected" }]);
  });

  it("takes a kind the caller names over the one the file implies", async () => {
    const rows = councilVoteRows({ meeting: "S/PV.7303", votes: allYes({ USA: "N" }) });
    const plan = await planVoteImport(csvOf(rows), { ...COUNCIL, kind: "decision" });
    expect(plan.votes[0]!.fields).toMatchObject({ kind: "decision", outcome: "rejected" });
  });
});

describe("a file with any error imports nothing and says where", () => {
  it("totals that disagree with the rows: on the vote's first line", async () => {
    const errors = await expectRefused(csvOf(councilVoteRows({ totals: { yes: 14 } })), [
      { line: 2, code: "totalsDisagree" },
    ]);
    expect(errors[0]).toMatchObject({ column: "total_yes", stated: 14, counted: 15 });
  });

  it("an unknown country code", async () => {
    const rows = councilVoteRows();
    rows[3] = rows[3]!.replace(/^,\w{3},\w{3},/, ",XYZ,Nowhere,");
    const errors = await expectRefused(csvOf(rows), [
      { line: 2, code: "councilMemberMissing" },
      { line: 5, code: "unknownCountry" },
      { line: 5, code: "notCouncilMember" },
    ]);
    expect(errors.find((e) => e.code === "unknownCountry")?.iso3).toBe("XYZ");
  });

  it("a state not on the Council that year, and a member missing", async () => {
    const votes = allYes();
    delete votes.LUX;
    const errors = await expectRefused(csvOf(councilVoteRows({ votes: { ...votes, DEU: "Y" } })), [
      { line: 2, code: "councilMemberMissing" },
      { line: 16, code: "notCouncilMember" },
    ]);
    expect(errors.map((e) => e.iso3)).toEqual(["LUX", "DEU"]);
  });

  it("a member missing (14 rows)", async () => {
    const votes = allYes();
    delete votes.KOR;
    const errors = await expectRefused(csvOf(councilVoteRows({ votes })), [
      { line: 2, code: "councilMemberMissing" },
    ]);
    expect(errors[0]).toMatchObject({ iso3: "KOR", year: 2014 });
  });

  it("a duplicate member row", async () => {
    const rows = councilVoteRows();
    const errors = await expectRefused(csvOf(rows, [rows[4]!]), [{ line: 17, code: "duplicateMember" }]);
    expect(errors[0]).toMatchObject({ iso3: "USA", otherLine: 6 });
  });

  it("an unreadable date", async () => {
    const rows = councilVoteRows();
    rows[6] = rows[6]!.replace("2014-06-30", "2014-06-31");
    await expectRefused(csvOf(rows), [
      { line: 8, code: "badDate" },
      { line: 8, code: "inconsistentVote" },
    ]);
    await expectRefused(csvOf(councilVoteRows({ date: "30/06/2014" })), [
      ...Array.from({ length: 15 }, (_, i) => ({ line: i + 2, code: "badDate" })),
    ]);
  });

  it("a vote letter other than Y, N, A or blank", async () => {
    const errors = await expectRefused(csvOf(councilVoteRows({ votes: allYes({ JOR: "X" }) })), [
      { line: 10, code: "badVoteLetter" },
    ]);
    expect(errors[0]!.value).toBe("X");
  });

  it("missing columns, an empty file and a broken quote", async () => {
    const errors = await expectRefused("undl_id,ms_code,ms_vote,date\n,KOR,Y,2014-06-30\n", [
      ...["session", "resolution", "draft", "meeting", "title"].map(() => ({
        line: 1,
        code: "missingColumn",
      })),
      ...["total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms"].map(() => ({
        line: 1,
        code: "missingColumn",
      })),
    ]);
    expect(errors[0]!.column).toBe("session");
    await expectRefused("", [{ line: 1, code: "empty" }]);
    await expectRefused(`${HEADER}\n`, [{ line: 2, code: "empty" }]);
    const rows = councilVoteRows();
    rows[2] = rows[2]!.replace(`"Non`, `"Non"x`);
    expect((await applyVoteImport(csvOf(rows), COUNCIL)).errors[0]!.code).toBe("unreadable");
  });

  it("one good vote beside a bad one: neither is imported", async () => {
    const good = councilVoteRows({ meeting: "S/PV.7400" });
    const bad = councilVoteRows({ meeting: "S/PV.7401", totals: { no: 1 } });
    await expectRefused(csvOf(good, bad), [{ line: 17, code: "totalsDisagree" }]);
  });
});

describe("the file's layout", () => {
  it("groups rows by undl_id when there is one, and reports a row that disagrees with its vote", () => {
    const rows = councilVoteRows({ undlId: "777001" });
    rows[5] = rows[5]!.replace("S/PV.7200", "S/PV.7201");
    const { votes, errors } = readVoteCsv(csvOf(rows));
    expect(votes).toHaveLength(1);
    expect(errors).toEqual([{ line: 7, code: "inconsistentVote", column: "meeting", otherLine: 2 }]);
  });

  it("keeps the line numbers right past blank lines and a title over two lines", () => {
    const rows = councilVoteRows({ title: "Two\nlines" });
    const text = csvOf(rows.slice(0, 2), [""], rows.slice(2, 3), [""], rows.slice(3), [rows[14]!]);
    const { errors } = readVoteCsv(text);
    // Header 1; rows of two lines each: 2–3, 4–5, blank 6, 7–8, blank 9, then 10–11 … the repeat at 34.
    expect(errors.find((e) => e.code === "duplicateMember")).toMatchObject({ line: 34, otherLine: 32 });
  });

  it("takes a decision adopted without a vote as one row with no member and every total 0", async () => {
    const text = `${HEADER}\n,,,,2014-05-22,,,S/2014/348,S/PV.7180,"Referral of the situation in Syria (statement)",0,0,0,0,0\n`;
    const plan = await applyVoteImport(text, { ...COUNCIL, kind: "decision" });
    expect(plan.errors).toEqual([]);
    expect(plan.votes[0]).toMatchObject({
      members: [],
      fields: { outcome: "adopted_without_vote", totalYes: 0 },
    });
    const stored = await getPrisma().unVote.findFirstOrThrow({
      where: { meeting: "S/PV.7180" },
      include: { memberVotes: true },
    });
    expect(stored.memberVotes).toEqual([]);
  });

  it("counts by the simple majority in the General Assembly, where no seats are checked", async () => {
    const text = [
      HEADER,
      "900001,PRK,DPRK,N,2014-12-18,69,A/RES/69/188,A/69/L.99,A/69/PV.73,Situation of human rights in the DPRK,2,1,0,1,4",
      "900001,KOR,Korea,Y,2014-12-18,69,A/RES/69/188,A/69/L.99,A/69/PV.73,Situation of human rights in the DPRK,2,1,0,1,4",
      "900001,DEU,Germany,Y,2014-12-18,69,A/RES/69/188,A/69/L.99,A/69/PV.73,Situation of human rights in the DPRK,2,1,0,1,4",
      "900001,RUS,Russia,,2014-12-18,69,A/RES/69/188,A/69/L.99,A/69/PV.73,Situation of human rights in the DPRK,2,1,0,1,4",
    ].join("\n");
    const plan = await applyVoteImport(text, { body: "general_assembly" });
    expect(plan.errors).toEqual([]);
    expect(plan.votes[0]!.fields).toMatchObject({
      kind: "resolution",
      outcome: "adopted",
      undlId: "900001",
      session: "69",
    });
    // The same record under another body is refused.
    await expectRefused(text, [{ line: 2, code: "otherBody" }], { body: "third_committee" });
  });
});
