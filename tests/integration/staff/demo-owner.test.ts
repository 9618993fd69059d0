// The demo owner `npm run dev` offers a newcomer: made once, a fresh link at each start until it
// has enrolled, and never in production.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_OWNER_EMAIL, ensureDemoOwner } from "~/models/staff-admin.server";
import { findEnrolment } from "~/models/staff-enrolment.server";
import { getPrisma } from "~/utils/db.server";
import * as envModule from "~/utils/env.server";
import { createStaffUser } from "../../support/staff";

beforeEach(async () => {
  await getPrisma().$executeRawUnsafe("TRUNCATE audit_log, staff_users CASCADE");
});

afterEach(() => {
  vi.restoreAllMocks();
});

function tokenOf(url: string): string {
  return url.split("/admin/enrol/")[1]!;
}

describe("ensureDemoOwner", () => {
  it("makes one demo owner on an empty database and a fresh link at each start until it enrols", async () => {
    const first = await ensureDemoOwner();
    expect(first?.email).toBe(DEMO_OWNER_EMAIL);
    const owner = await getPrisma().staffUser.findUniqueOrThrow({ where: { email: DEMO_OWNER_EMAIL } });
    expect(owner).toMatchObject({ role: "owner", locale: "en", enrolledAt: null });
    expect((await findEnrolment(tokenOf(first!.enrolmentUrl)))?.id).toBe(owner.id);

    const second = await ensureDemoOwner();
    expect(second?.enrolmentUrl).not.toBe(first!.enrolmentUrl);
    expect(await findEnrolment(tokenOf(first!.enrolmentUrl))).toBeNull();
    expect((await findEnrolment(tokenOf(second!.enrolmentUrl)))?.id).toBe(owner.id);
    expect(await getPrisma().staffUser.count()).toBe(1);

    await getPrisma().staffUser.update({ where: { id: owner.id }, data: { enrolledAt: new Date() } });
    expect(await ensureDemoOwner()).toBeNull();
    expect(await getPrisma().staffUser.count()).toBe(1);
  });

  it("leaves a database that already has staff alone", async () => {
    await createStaffUser("owner");
    expect(await ensureDemoOwner()).toBeNull();
    expect(await getPrisma().staffUser.count({ where: { email: DEMO_OWNER_EMAIL } })).toBe(0);
  });

  it("does nothing in production", async () => {
    vi.spyOn(envModule, "getEnv").mockReturnValue(
      envModule.parseEnv({
        NODE_ENV: "production",
        DATABASE_URL: process.env.DATABASE_URL,
        APP_SECRET: "p".repeat(48),
      }),
    );
    expect(await ensureDemoOwner()).toBeNull();
    expect(await getPrisma().staffUser.count()).toBe(0);
    expect(await getPrisma().staffToken.count()).toBe(0);
  });
});
