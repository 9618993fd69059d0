// The 2014 Council and voting-data CSVs for the vote importer's tests (recorded votes for the page tests are in un-votes.ts).
import fs from "node:fs";
import path from "node:path";
import { createCouncilSeat } from "../factories";

export const AGENDA_VOTE_CSV = fs.readFileSync(
  path.resolve("prisma/data/unsc-dprk-agenda-vote-2014.csv"),
  "utf8",
);

export const PERMANENT_2014 = ["CHN", "FRA", "GBR", "RUS", "USA"];
export const ELECTED_2014 = ["ARG", "AUS", "CHL", "JOR", "KOR", "LTU", "LUX", "NGA", "RWA", "TCD"];

/** Seats the 2014 Council (and creates its members as countries). */
export async function seatCouncil2014(): Promise<void> {
  for (const iso3 of PERMANENT_2014) await createCouncilSeat(iso3, 2014, "permanent");
  for (const iso3 of ELECTED_2014) await createCouncilSeat(iso3, 2014, "elected");
}

export const HEADER =
  "undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,meeting,title,total_yes,total_no,total_abstentions,total_non_voting,total_ms";

type VoteSpec = {
  undlId?: string;
  date?: string;
  resolution?: string;
  draft?: string;
  meeting?: string;
  title?: string;
  /** iso3 → letter; the 2014 Council voting yes by default. */
  votes?: Record<string, string>;
  /** Stated totals; counted from `votes` when not given. */
  totals?: Partial<Record<"yes" | "no" | "abstain" | "nonVoting" | "ms", number>>;
};

/** CSV rows (no header) for one Council vote of 2014. */
export function councilVoteRows(spec: VoteSpec = {}): string[] {
  const votes =
    spec.votes ?? Object.fromEntries([...PERMANENT_2014, ...ELECTED_2014].map((iso3) => [iso3, "Y"]));
  const letters = Object.values(votes);
  const count = (letter: string) => letters.filter((l) => l === letter).length;
  const totals = {
    yes: count("Y"),
    no: count("N"),
    abstain: count("A"),
    nonVoting: count(""),
    ms: letters.length,
    ...spec.totals,
  };
  const title = spec.title ?? "Non-proliferation/Democratic People's Republic of Korea";
  return Object.entries(votes).map(([iso3, letter]) =>
    [
      spec.undlId ?? "",
      iso3,
      iso3,
      letter,
      spec.date ?? "2014-06-30",
      "",
      spec.resolution ?? "",
      spec.draft ?? "",
      spec.meeting ?? "S/PV.7200",
      `"${title.replaceAll('"', '""')}"`,
      totals.yes,
      totals.no,
      totals.abstain,
      totals.nonVoting,
      totals.ms,
    ].join(","),
  );
}

export function csvOf(...rows: string[][]): string {
  return [HEADER, ...rows.flat()].join("\n") + "\n";
}

export function allYes(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...Object.fromEntries([...PERMANENT_2014, ...ELECTED_2014].map((iso3) => [iso3, "Y"])),
    ...overrides,
  };
}
