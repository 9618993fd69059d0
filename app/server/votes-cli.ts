// `npm run votes:import -- --body security-council FILE.csv [--kind procedural] [--dry-run]`:
// imports recorded UN votes from a UN Digital Library voting-data CSV. It prints what will change
// (new, changed, unchanged votes) and every problem with its line; a file with any problem imports
// nothing and exits 1. Runs against DATABASE_URL or, when unset, the embedded database under
// DATA_DIR (started for the command unless `npm run dev` already runs it).
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import votesEn from "~/i18n/staff/votes.en.json";
import { createTranslator } from "~/i18n/translate";
import { UN_BODIES, UN_VOTE_KINDS } from "~/utils/un-vote-rules";
import type { VoteImportPlan } from "~/models/un-vote-import.server";
import { describeImportError } from "~/i18n/vote-import-messages";

const BODY_NAMES = UN_BODIES.map((body) => body.replaceAll("_", "-"));
const USAGE = `Usage: npm run votes:import -- --body ${BODY_NAMES.join("|")} [--kind ${UN_VOTE_KINDS.join("|")}] [--dry-run] FILE.csv`;

const t = createTranslator("en", votesEn);

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const CliSchema = z.object({
  // The UN's own spelling uses hyphens on the command line; the database's, underscores.
  body: z
    .string({ error: `--body is required (one of: ${BODY_NAMES.join(", ")})` })
    .transform((value) => value.replaceAll("-", "_"))
    .pipe(z.enum(UN_BODIES, { error: `--body must be one of: ${BODY_NAMES.join(", ")}` })),
  kind: z.enum(UN_VOTE_KINDS, { error: `--kind must be one of: ${UN_VOTE_KINDS.join(", ")}` }).optional(),
  dryRun: z.boolean().default(false),
  file: z.string({ error: "name the CSV file to import" }),
});

function parseCliArgs(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { body: { type: "string" }, kind: { type: "string" }, "dry-run": { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.positionals.length > 1) fail(`Import one file at a time.\n${USAGE}`);
  const input = CliSchema.safeParse({
    body: parsed.values.body,
    kind: parsed.values.kind,
    dryRun: parsed.values["dry-run"] ?? false,
    file: parsed.positionals[0],
  });
  if (!input.success) {
    const problems = [...new Set(input.error.issues.map((issue) => `  ${issue.message}`))];
    fail(`Cannot import:\n${problems.join("\n")}\n${USAGE}`);
  }
  return input.data;
}

function readFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    fail(`Cannot import ${file}: it is not UTF-8 text. Save it as CSV (UTF-8) and try again.`, 1);
  }
}

function printPlan(plan: VoteImportPlan, file: string, applied: boolean): void {
  const out: string[] = [];
  for (const vote of plan.votes) {
    const { fields } = vote;
    const tally = `${fields.totalYes}-${fields.totalNo}-${fields.totalAbstain}`;
    const veto = vote.vetoedBy.length > 0 ? `, vetoed by ${vote.vetoedBy.join(", ")}` : "";
    out.push(
      `  ${vote.status.padEnd(9)} line ${vote.line}: ${fields.votedOn} ${fields.meeting} ${fields.kind}, ${fields.outcome.replaceAll("_", " ")} ${tally}${veto} — ${fields.title}`,
    );
    if (vote.changedFields.length > 0) out.push(`            changed: ${vote.changedFields.join(", ")}`);
    for (const change of vote.memberChanges) {
      out.push(`            ${change.iso3}: ${change.from ?? "(none)"} → ${change.to ?? "(none)"}`);
    }
  }
  const { counts } = plan;
  const summary = `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged`;
  const verdict =
    counts.new + counts.changed === 0
      ? "Nothing to change: every vote in the file is already recorded as it is."
      : applied
        ? `Imported ${file}: ${summary}.`
        : `Dry run: ${summary}. Nothing was written; run again without --dry-run to import.`;
  process.stdout.write(`${out.join("\n")}\n${verdict}\n`);
}

const input = parseCliArgs(process.argv.slice(2));
const text = readFile(input.file);

// Loaded only once the input is valid: the database and the seed take seconds to load.
const { applyVoteImport, planVoteImport } = await import("~/models/un-vote-import.server");
const { connectDatabase, loadEnvOrExit, prepareDatabase } = await import("~/server/boot.server");
const { disconnectPrisma } = await import("~/utils/db.server");

const { url, embedded } = await connectDatabase(loadEnvOrExit(), false);
let exitCode = 0;
try {
  // The embedded database is ours, as in `npm run dev`: a fresh clone needs its tables and the
  // countries and Council seats the import checks against.
  if (embedded) await prepareDatabase(url);
  const options = { body: input.body, kind: input.kind };
  const plan = input.dryRun ? await planVoteImport(text, options) : await applyVoteImport(text, options);
  if (plan.errors.length > 0) {
    const lines = plan.errors.map((error) => `  ${describeImportError(t, error)}`);
    process.stderr.write(
      `Cannot import ${input.file}: ${plan.errors.length} ${plan.errors.length === 1 ? "problem" : "problems"}; nothing was imported.\n${lines.join("\n")}\n`,
    );
    exitCode = 1;
  } else {
    printPlan(plan, input.file, !input.dryRun);
  }
} finally {
  await disconnectPrisma();
  await embedded?.stop();
}
process.exit(exitCode);
