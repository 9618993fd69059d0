// The audit log page: its filters are plain query parameters (they work without JavaScript), it
// pages backwards by id, and only owners and admins read it.
import { beforeEach, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, recordAudit, type AuditAction } from "~/models/audit.server";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { getPrisma } from "~/utils/db.server";
import { loader } from "~/routes/($lang).admin.audit";
import {
  createStaffUser,
  signedInStaff,
  staffRequest,
  TEST_CONTEXT,
  type SignedIn,
} from "../../support/staff";

beforeEach(async () => {
  await getPrisma().$executeRawUnsafe("TRUNCATE audit_log, staff_users CASCADE");
});

function auditPage(as: SignedIn, query = "") {
  return loader({ request: staffRequest(`/admin/audit${query}`, as), params: {}, context: TEST_CONTEXT });
}

async function entryAt(actorId: string | null, action: AuditAction, at: string, targetId?: string) {
  await recordAudit({
    actorId,
    action,
    targetType: "staff",
    targetId,
    ipHash: "aXAtaGFzaC1vZi1hLW5ldHdvcms",
  });
  const last = await getPrisma().auditLog.findFirstOrThrow({ orderBy: { id: "desc" } });
  await getPrisma().auditLog.update({ where: { id: last.id }, data: { createdAt: new Date(at) } });
}

describe("the audit log page", () => {
  it("names every audited action in each language, not by its code", () => {
    for (const [locale, messages] of Object.entries(STAFF_CATALOGUES)) {
      const unnamed = AUDIT_ACTIONS.filter((action) => !(`staff.people.audit.action.${action}` in messages));
      expect(unnamed, locale).toEqual([]);
    }
  });

  it("shows who, what, the staff target by name and a short hash of the network, newest first", async () => {
    const admin = await signedInStaff("admin");
    const { userId } = admin;
    const target = await createStaffUser("viewer", "target@ngo.example");
    await recordAudit({
      actorId: userId,
      action: "staff.role-changed",
      targetType: "staff",
      targetId: target.id,
      details: { from: "viewer", to: "campaigner" },
      ipHash: "aXAtaGFzaC1vZi1hLW5ldHdvcms",
    });
    await recordAudit({ actorId: null, action: "staff.created", targetType: "staff", targetId: target.id });
    const page = await auditPage(admin);
    expect(page.entries.map((entry) => entry.action)).toEqual(["staff.created", "staff.role-changed"]);
    const [created, changed] = page.entries;
    expect(created!.actor).toBeNull();
    expect(changed!.actor?.email).toMatch(/^admin-/);
    expect(changed!.target).toEqual({ name: "viewer tester", email: "target@ngo.example" });
    expect(changed!.details).toEqual({ from: "viewer", to: "campaigner" });
    expect(changed!.ipHash).toBe("aXAtaGFz");
    expect(page.actions).toContain("staff.role-changed");
    expect(page.older).toBeNull();
  });

  it("filters by action, by actor and by days in Seoul, from the query string", async () => {
    const admin = await signedInStaff("admin");
    const other = await createStaffUser("campaigner");
    await entryAt(admin.userId, "staff.sign-in", "2026-11-29T14:30:00Z"); // the 29th, 23:30 in Seoul
    await entryAt(other.id, "campaign.published", "2026-11-29T16:00:00Z"); // the 30th, 01:00 in Seoul
    await entryAt(other.id, "staff.sign-in", "2026-11-30T15:30:00Z"); // 1 December in Seoul
    await entryAt(null, "staff.sign-in-failed", "2026-11-28T12:00:00Z");

    const byAction = await auditPage(admin, "?action=staff.sign-in");
    expect(byAction.entries).toHaveLength(2);
    expect(byAction.filters.action).toBe("staff.sign-in");

    const byActor = await auditPage(admin, `?actor=${other.id}`);
    expect(byActor.entries.map((entry) => entry.action).sort()).toEqual([
      "campaign.published",
      "staff.sign-in",
    ]);

    const onThe30th = await auditPage(admin, "?from=2026-11-30&to=2026-11-30");
    expect(onThe30th.entries.map((entry) => entry.action)).toEqual(["campaign.published"]);
    const upToThe29th = await auditPage(admin, "?to=2026-11-29");
    expect(upToThe29th.entries.map((entry) => entry.action).sort()).toEqual([
      "staff.sign-in",
      "staff.sign-in-failed",
    ]);

    const combined = await auditPage(admin, `?action=staff.sign-in&actor=${other.id}&from=2026-12-01`);
    expect(combined.entries).toHaveLength(1);
    expect(combined.entries[0]!.createdAt).toBe("2026-11-30T15:30:00.000Z");
  });

  it("ignores malformed filters instead of failing", async () => {
    const admin = await signedInStaff("admin");
    await entryAt(admin.userId, "staff.sign-in", "2026-11-29T00:00:00Z");
    const page = await auditPage(admin, "?action=drop-table&actor=nobody&from=yesterday&before=-1");
    expect(page.entries).toHaveLength(1);
    expect(page.filters).toEqual({ action: "", actor: "", from: "", to: "" });
  });

  it("pages to older entries by id, keeping the filters", async () => {
    const admin = await signedInStaff("admin");
    for (let i = 0; i < 60; i++) {
      await recordAudit({
        actorId: admin.userId,
        action: "job.retried",
        targetType: "job",
        targetId: `j${i}`,
      });
    }
    await recordAudit({ actorId: admin.userId, action: "job.dismissed", targetType: "job", targetId: "x" });
    const first = await auditPage(admin, "?action=job.retried");
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]!.targetId).toBe("j59");
    expect(first.older).not.toBeNull();
    // Entries recorded meanwhile do not shift the next page.
    await recordAudit({ actorId: admin.userId, action: "job.retried", targetType: "job", targetId: "late" });
    const second = await auditPage(admin, `?action=job.retried&before=${first.older}`);
    expect(second.entries.map((entry) => entry.targetId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `j${9 - i}`),
    );
    expect(second.older).toBeNull();
    expect(second.paged).toBe(true);
  });

  it("is for owners and admins only", async () => {
    for (const role of ["campaigner", "viewer"] as const) {
      const session = await signedInStaff(role);
      const refused = await auditPage(session).catch((error: unknown) => error);
      expect((refused as Response).status).toBe(403);
    }
    const owner = await signedInStaff("owner");
    expect((await auditPage(owner)).entries).toEqual([]);
  });
});
