// Reads a UN Digital Library voting-data CSV (one row per member per vote) into votes, and checks
// everything the file alone can tell: columns, dates, vote letters, numbers, one row per member,
// totals equal to the rows. Country codes and Council seats need the database: the importer
// (app/models/un-vote-import.server.ts) checks those. Every problem carries the file line it is on
// (the header is line 1), so a campaigner can fix the file and try again.
//
// A decision adopted without a vote has no member rows in the UN's data. This layout cannot carry
// a vote without rows, so such a decision is one row with `ms_code` and `ms_vote` blank and every
// total (total_ms included) 0; no member rows are stored for it.
import { parse } from "csv-parse/sync";
import type { MemberChoiceName, Tally } from "~/utils/un-vote-rules";

export const REQUIRED_COLUMNS = [
  "undl_id",
  "ms_code",
  "ms_vote",
  "date",
  "session",
  "resolution",
  "draft",
  "meeting",
  "title",
  "total_yes",
  "total_no",
  "total_abstentions",
  "total_non_voting",
  "total_ms",
] as const;
type Column = (typeof REQUIRED_COLUMNS)[number];

/** Columns that describe the vote, not the member: every row of one vote must agree on them. */
const VOTE_COLUMNS = REQUIRED_COLUMNS.filter((column) => column !== "ms_code" && column !== "ms_vote");

const TOTAL_COLUMNS = {
  total_yes: "yes",
  total_no: "no",
  total_abstentions: "abstain",
  total_non_voting: "nonVoting",
} as const satisfies Partial<Record<Column, keyof Tally>>;

export const VOTE_IMPORT_ERROR_CODES = [
  "empty",
  "unreadable",
  "missingColumn",
  "columnCount",
  "blankField",
  "badDate",
  "badVoteLetter",
  "badNumber",
  "inconsistentVote",
  "duplicateMember",
  "totalsDisagree",
  "duplicateVote",
  "unknownCountry",
  "notCouncilMember",
  "councilMemberMissing",
  "noCouncilSeats",
  "otherBody",
  "conflictingVote",
  "resolutionRejected",
] as const;
export type VoteImportErrorCode = (typeof VOTE_IMPORT_ERROR_CODES)[number];

/** One problem in the file; the extra fields are the values its message names. */
export type VoteImportError = {
  line: number;
  code: VoteImportErrorCode;
  column?: string;
  value?: string;
  iso3?: string;
  stated?: number;
  counted?: number;
  year?: number;
  otherLine?: number;
};

const CHOICES: Record<string, MemberChoiceName> = { Y: "yes", N: "no", A: "abstain", "": "absent" };

/** One vote as the file gives it, before the database has had its say. */
export type FileVote = {
  line: number;
  undlId: string | null;
  meeting: string;
  title: string;
  votedOn: string;
  session: string | null;
  resolution: string | null;
  draft: string | null;
  totals: Tally;
  /** Members in file order, each with the line it is on. */
  members: { iso3: string; choice: MemberChoiceName; line: number }[];
  /** Every member the file lists, once, even one whose vote is unreadable. */
  listed: { iso3: string; line: number }[];
  /** No member voted: one placeholder row with every total 0. */
  withoutVote: boolean;
};

type Row = { line: number; values: Record<string, string> };

/** A calendar date written YYYY-MM-DD, or null when it is not one. */
export function readIsoDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

function readCount(value: string): number | null {
  return /^\d{1,4}$/.test(value) ? Number(value) : null;
}

type Parsed = { rows: Row[]; errors: VoteImportError[] };

type RecordInfo = { lines: number; empty_lines: number; error?: unknown };

function parseRows(text: string): Parsed {
  const errors: VoteImportError[] = [];
  let records: { record: Record<string, string>; info: RecordInfo }[];
  let header: string[] = [];
  try {
    // One kind of line end: csv-parse counts a CRLF inside a quoted field as two lines.
    records = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      columns: (names: string[]) => (header = names.map((name) => name.trim().toLowerCase())),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, code: "unreadable" }] };
  }
  if (header.length === 0) return { rows: [], errors: [{ line: 1, code: "empty" }] };
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) errors.push({ line: 1, code: "missingColumn", column });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (records.length === 0) return { rows: [], errors: [{ line: 2, code: "empty" }] };

  // csv-parse reports the line each record ends on; a record starts on the line after the one
  // before it, past any blank lines it skipped. The header is taken to be the first line.
  const rows: Row[] = [];
  let previousEnd = 1;
  let emptySoFar = 0;
  for (const { record, info } of records) {
    const line = previousEnd + 1 + (info.empty_lines - emptySoFar);
    previousEnd = info.lines;
    emptySoFar = info.empty_lines;
    if (info.error) errors.push({ line, code: "columnCount" });
    else rows.push({ line, values: record });
  }
  return { rows, errors };
}

// Rows belong to one vote by its UN Digital Library id or, without one, by meeting and title: the
// key the database keeps votes by. A row of that vote with another date or draft is then reported
// on its own line as inconsistent, rather than splitting off a one-member vote that fails every
// other check too.
function groupKey(values: Record<string, string>): string {
  if (values.undl_id) return `undl:${values.undl_id}`;
  return ["row", values.meeting, values.title].join("\u0000");
}

function checkRow(row: Row, errors: VoteImportError[]): void {
  const { line, values } = row;
  for (const column of ["date", "meeting", "title"] as const) {
    if (!values[column]) errors.push({ line, code: "blankField", column });
  }
  if (values.date && !readIsoDate(values.date)) errors.push({ line, code: "badDate", value: values.date });
  if (!(values.ms_vote!.toUpperCase() in CHOICES)) {
    errors.push({ line, code: "badVoteLetter", value: values.ms_vote });
  }
  for (const column of [...Object.keys(TOTAL_COLUMNS), "total_ms"]) {
    if (readCount(values[column]!) === null) {
      errors.push({ line, code: "badNumber", column, value: values[column] });
    }
  }
}

function buildVote(rows: Row[], errors: VoteImportError[]): FileVote {
  const first = rows[0]!;
  const v = first.values;
  const vote: FileVote = {
    line: first.line,
    undlId: v.undl_id || null,
    meeting: v.meeting!,
    title: v.title!,
    votedOn: readIsoDate(v.date!) ?? "",
    session: v.session || null,
    resolution: v.resolution || null,
    draft: v.draft || null,
    totals: {
      yes: readCount(v.total_yes!) ?? 0,
      no: readCount(v.total_no!) ?? 0,
      abstain: readCount(v.total_abstentions!) ?? 0,
      nonVoting: readCount(v.total_non_voting!) ?? 0,
    },
    members: [],
    listed: [],
    withoutVote: false,
  };
  const statedMembers = readCount(v.total_ms!) ?? 0;
  const t = vote.totals;
  vote.withoutVote = statedMembers === 0 && t.yes + t.no + t.abstain + t.nonVoting === 0;

  const seen = new Map<string, number>();
  const counted: Tally = { yes: 0, no: 0, abstain: 0, nonVoting: 0 };
  // A row with an unreadable letter or number is reported as such; adding it up would only add a
  // second, misleading message about the totals.
  let countable = true;
  for (const row of rows) {
    for (const column of VOTE_COLUMNS) {
      if (row.values[column] !== v[column]) {
        errors.push({ line: row.line, code: "inconsistentVote", column, otherLine: first.line });
      }
    }
    const iso3 = row.values.ms_code!.toUpperCase();
    const choice = CHOICES[row.values.ms_vote!.toUpperCase()];
    if (!iso3) {
      // Only the placeholder row of a decision adopted without a vote has no member.
      if (!vote.withoutVote || choice !== "absent") {
        errors.push({ line: row.line, code: "blankField", column: "ms_code" });
      }
      continue;
    }
    const earlier = seen.get(iso3);
    if (earlier !== undefined) {
      errors.push({ line: row.line, code: "duplicateMember", iso3, otherLine: earlier });
      continue;
    }
    seen.set(iso3, row.line);
    vote.listed.push({ iso3, line: row.line });
    if (!choice) {
      countable = false;
      continue;
    }
    counted[choice === "absent" ? "nonVoting" : choice]++;
    vote.members.push({ iso3, choice, line: row.line });
  }

  countable &&= [...Object.keys(TOTAL_COLUMNS), "total_ms"].every((column) => readCount(v[column]!) !== null);
  if (!countable) return vote;
  for (const [column, field] of Object.entries(TOTAL_COLUMNS)) {
    if (t[field] !== counted[field]) {
      errors.push({
        line: first.line,
        code: "totalsDisagree",
        column,
        stated: t[field],
        counted: counted[field],
      });
    }
  }
  if (statedMembers !== seen.size) {
    errors.push({
      line: first.line,
      code: "totalsDisagree",
      column: "total_ms",
      stated: statedMembers,
      counted: seen.size,
    });
  }
  return vote;
}

/** Every vote in the file, or the problems that keep it from being imported. */
export function readVoteCsv(text: string): { votes: FileVote[]; errors: VoteImportError[] } {
  const { rows, errors } = parseRows(text);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    checkRow(row, errors);
    const key = groupKey(row.values);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const votes = [...groups.values()].map((group) => buildVote(group, errors));

  // The database keeps one vote per body, meeting and title, and one per UN Digital Library record.
  const byKey = new Map<string, FileVote>();
  for (const vote of votes) {
    const key = `${vote.meeting}\u0000${vote.title}`;
    const earlier = byKey.get(key);
    if (earlier) errors.push({ line: vote.line, code: "duplicateVote", otherLine: earlier.line });
    else byKey.set(key, vote);
  }
  return { votes, errors: sortErrors(errors) };
}

export function sortErrors(errors: VoteImportError[]): VoteImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
