// `npm run staff:create`, run as an operator would, against this test file's database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findEnrolment } from "~/models/staff-enrolment.server";
import { getPrisma } from "~/utils/db.server";

const run = promisify(execFile);

async function staffCreate(...args: string[]) {
  try {
    // What `npm run staff:create` runs (tsx app/server/staff-cli.ts create), without npx's start-up.
    const cli = [process.execPath, "--import", "tsx", "app/server/staff-cli.ts", "create"] as const;
    const { stdout, stderr } = await run(cli[0], [...cli.slice(1), ...args], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: "warn" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each run starts a process that compiles the CLI: seconds each on a busy machine.
describe("npm run staff:create", { timeout: 120_000 }, () => {
  it("creates the first owner and prints a one-time enrolment link that works", async () => {
    const result = await staffCreate(
      "--email",
      " First.Owner@NGO.example",
      "--role",
      "owner",
      "--name",
      "First Owner",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const link = /(https?:\/\/\S+\/admin\/enrol\/([A-Za-z0-9_-]{43}))/.exec(result.stdout);
    expect(link).not.toBeNull();
    const user = await getPrisma().staffUser.findUniqueOrThrow({
      where: { email: "first.owner@ngo.example" },
    });
    expect(user).toMatchObject({ role: "owner", name: "First Owner", locale: "ko", enrolledAt: null });
    expect((await findEnrolment(link![2]!))?.id).toBe(user.id);
    const audit = await getPrisma().auditLog.findFirstOrThrow({
      where: { action: "staff.created", targetId: user.id },
    });
    expect(audit.actorId).toBeNull();
  });

  it("refuses an address that already has an account, with a clear message and a failing exit code", async () => {
    await getPrisma().staffUser.create({ data: { email: "taken@ngo.example", name: "", role: "viewer" } });
    const result = await staffCreate("--email", "taken@ngo.example", "--role", "admin", "--locale", "ja");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("already a staff account for taken@ngo.example");
    expect(result.stdout).not.toContain("/admin/enrol/");
    expect(
      (await getPrisma().staffUser.findUniqueOrThrow({ where: { email: "taken@ngo.example" } })).role,
    ).toBe("viewer");
  });

  it("refuses a bad role or email before touching the database", async () => {
    const badRole = await staffCreate("--email", "someone@ngo.example", "--role", "superuser");
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain("--role must be one of: owner, admin, campaigner, viewer");
    const badEmail = await staffCreate("--email", "not-an-address", "--role", "viewer");
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toContain("--email is not a valid email address");
    const missing = await staffCreate("--role", "viewer");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--email is required");
    expect(await getPrisma().staffUser.count({ where: { email: "someone@ngo.example" } })).toBe(0);
  });
});
