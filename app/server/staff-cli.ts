// `npm run staff:create -- --email E --role R [--name N] [--locale ko]`: creates a staff account
// and prints its one-time enrolment link. This is how the first owner is made, so it may create
// owners; it runs against DATABASE_URL or, when unset, the embedded database under DATA_DIR.
import { parseArgs } from "node:util";
import { LOCALES } from "~/i18n/locales";
import { CreateStaffSchema } from "~/utils/staff-admin-forms.server";
import { STAFF_ROLES } from "~/utils/staff-roles";

const USAGE = `Usage: npm run staff:create -- --email E --role ${STAFF_ROLES.join("|")} [--name N] [--locale ${LOCALES.join("|")}]`;

const CliCreateSchema = CreateStaffSchema.extend({
  name: CreateStaffSchema.shape.name.default(""),
  // The staff are in Seoul: their notices are in Korean unless asked otherwise.
  locale: CreateStaffSchema.shape.locale.default("ko"),
});

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseCreateArgs(args: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        locale: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const parsed = CliCreateSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? "input");
      const given = (values as Record<string, unknown>)[field];
      if (given === undefined) return `  --${field} is required`;
      if (field === "role")
        return `  --role must be one of: ${STAFF_ROLES.join(", ")} (got "${String(given)}")`;
      if (field === "locale") return `  --locale must be one of: ${LOCALES.join(", ")}`;
      if (field === "email") return `  --email is not a valid email address`;
      return `  --${field}: ${issue.message}`;
    });
    fail(`Cannot create the account:\n${[...new Set(problems)].join("\n")}\n${USAGE}`);
  }
  return parsed.data;
}

const [command, ...args] = process.argv.slice(2);
if (command !== "create") fail(`Unknown command "${command ?? ""}".\n${USAGE}`);
const input = parseCreateArgs(args);

// Loaded only once the input is valid: they pull in the database, the jobs and the seed, which
// take seconds to load, and a typo deserves an answer at once.
const { createStaffAccount, ENROLMENT_LINK_HOURS, StaffEmailTakenError } =
  await import("~/models/staff-enrolment.server");
const { connectDatabase, loadEnvOrExit } = await import("~/server/boot.server");
const { applyMigrations } = await import("~/server/prepare-database.server");
const { disconnectPrisma } = await import("~/utils/db.server");

const { url, embedded } = await connectDatabase(loadEnvOrExit(), false);
let exitCode = 0;
try {
  // The embedded database is ours, as in `npm run dev`: on a fresh clone it has no tables yet. An
  // operator's own database is migrated only deliberately (`npm run db:deploy`).
  if (embedded) await applyMigrations(url);
  const { enrolmentUrl } = await createStaffAccount({ ...input, actorId: null });
  process.stdout.write(
    `Created the ${input.role} account for ${input.email}.\n` +
      `Enrolment link (single use, valid ${ENROLMENT_LINK_HOURS} hours; it is not shown again):\n\n` +
      `  ${enrolmentUrl}\n\n`,
  );
} catch (error) {
  // P2002: the same address created at the same moment by someone else.
  const taken = error instanceof StaffEmailTakenError || (error as { code?: unknown }).code === "P2002";
  if (!taken) throw error;
  process.stderr.write(`Cannot create the account: there is already a staff account for ${input.email}.\n`);
  exitCode = 1;
} finally {
  await disconnectPrisma();
  await embedded?.stop();
}
process.exit(exitCode);
