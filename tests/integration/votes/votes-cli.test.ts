// `npm run votes:import`, run as an operator would, against this test file's database.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "~/utils/db.server";
import { councilVoteRows, csvOf, seatCouncil2014 } from "../../support/un-vote-csv";

const run = promisify(execFile);
const GOOD_FILE = "prisma/data/unsc-dprk-agenda-vote-2014.csv";
let tmp: string;

async function votesImport(...args: string[]) {
  try {
    // What `npm run votes:import` runs (tsx app/server/votes-cli.ts), without npx's start-up.
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "app/server/votes-cli.ts", ...args],
      {
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: "warn" },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const voteCount = () => getPrisma().unVote.count();

beforeAll(async () => {
  await seatCouncil2014();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "votes-cli-"));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Each run starts a process that compiles the CLI: seconds each on a busy machine.
describe("npm run votes:import", { timeout: 120_000 }, () => {
  it("shows the plan on a dry run and writes nothing", async () => {
    const result = await votesImport("--body", "security-council", "--dry-run", GOOD_FILE);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("new       line 2: 2014-12-22 S/PV.7353 procedural, adopted 11-2-2");
    expect(result.stdout).toContain("Dry run: 1 new, 0 changed, 0 unchanged. Nothing was written");
    expect(await voteCount()).toBe(0);
  });

  it("imports the file, and importing it again changes nothing and says so", async () => {
    const first = await votesImport("--body", "security-council", GOOD_FILE);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Imported ${GOOD_FILE}: 1 new, 0 changed, 0 unchanged.`);
    expect(await getPrisma().unMemberVote.count()).toBe(15);
    const again = await votesImport("--body", "security_council", GOOD_FILE);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Nothing to change: every vote in the file is already recorded as it is.");
    expect(await voteCount()).toBe(1);
  });

  it("refuses a file with problems, naming each line, with exit code 1 and nothing imported", async () => {
    const votes = Object.fromEntries(councilVoteRows().map((row) => [row.split(",")[1]!, "Y"]));
    delete votes.KOR;
    const file = path.join(tmp, "bad.csv");
    fs.writeFileSync(file, csvOf(councilVoteRows({ meeting: "S/PV.7500", votes: { ...votes, JOR: "Q" } })));
    const before = await voteCount();
    const result = await votesImport("--body", "security-council", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot import ${file}: 2 problems; nothing was imported.`);
    expect(result.stderr).toContain(
      "Line 2: KOR sat on the Security Council in 2014, but this vote has no row for it.",
    );
    expect(result.stderr).toContain("Line 10: the vote “Q” is not Y, N, A or blank.");
    expect(result.stdout).toBe("");
    expect(await voteCount()).toBe(before);
  });

  it("refuses a missing or unknown body before touching the database", async () => {
    const unknown = await votesImport("--body", "security-counsel", GOOD_FILE);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--body must be one of: security-council, general-assembly");
    const missing = await votesImport(GOOD_FILE);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--body is required");
    const noFile = await votesImport("--body", "security-council", path.join(tmp, "missing.csv"));
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("Cannot read");
  });
});
