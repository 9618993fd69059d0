// Staff management through its routes, as a browser would post: who may create, promote, remove and
// sign out whom, and that every change is audited.
import { beforeEach, describe, expect, it } from "vitest";
import { findEnrolment } from "~/models/staff-enrolment.server";
import { requireStaff } from "~/models/staff-session.server";
import { getPrisma } from "~/utils/db.server";
import type { StaffRoleName } from "~/utils/staff-roles";
import * as memberRoute from "~/routes/($lang).admin.staff.$id";
import * as listRoute from "~/routes/($lang).admin.staff._index";
import {
  createStaffUser,
  signedInAs,
  signedInStaff,
  staffRequest,
  TEST_CONTEXT,
  type SignedIn,
} from "../../support/staff";

type Json = Record<string, unknown>;

// The owner rules count every owner in the database: each test starts with no staff at all.
beforeEach(async () => {
  await getPrisma().$executeRawUnsafe("TRUNCATE audit_log, staff_users CASCADE");
});

async function outcome(promise: Promise<unknown>): Promise<{ status: number; body: Json }> {
  const result = await promise.catch((error: unknown) => {
    if (error instanceof Response) return error;
    throw error;
  });
  if (result instanceof Response) return { status: result.status, body: {} };
  // Remix's data(): { type: "DataWithResponseInit", data, init }
  const { data, init } = result as { data: Json; init: { status?: number } | null };
  return { status: init?.status ?? 200, body: data };
}

function createAccount(as: SignedIn, form: Record<string, string>) {
  return outcome(
    listRoute.action({
      request: staffRequest("/admin/staff", as, form),
      params: {},
      context: TEST_CONTEXT,
    }),
  );
}

function memberAction(as: SignedIn, id: string, form: Record<string, string>) {
  return outcome(
    memberRoute.action({
      request: staffRequest(`/admin/staff/${id}`, as, form),
      params: { id },
      context: TEST_CONTEXT,
    }),
  );
}

async function auditOf(action: string, targetId: string) {
  return getPrisma().auditLog.findMany({ where: { action, targetId } });
}

async function signedInWithUser(role: StaffRoleName) {
  const user = await createStaffUser(role);
  return { user, session: await signedInAs(user.id) };
}

describe("creating staff accounts", () => {
  it("creates an account, shows its enrolment link once in the answer, and audits it", async () => {
    const admin = await signedInStaff("admin");
    const { status, body } = await createAccount(admin, {
      email: "  New.Person@NGO.example ",
      name: "New Person",
      role: "campaigner",
      locale: "ja",
    });
    expect(status).toBe(200);
    const created = body.created as { email: string; enrolmentUrl: string };
    expect(created.email).toBe("new.person@ngo.example");
    const token = created.enrolmentUrl.split("/admin/enrol/")[1]!;
    const user = await getPrisma().staffUser.findUniqueOrThrow({
      where: { email: "new.person@ngo.example" },
    });
    expect(user).toMatchObject({ role: "campaigner", locale: "ja", name: "New Person", enrolledAt: null });
    expect((await findEnrolment(token))?.id).toBe(user.id);
    const [entry] = await auditOf("staff.created", user.id);
    expect(entry).toMatchObject({ actorId: admin.userId, details: { role: "campaigner" } });

    // The list shows the new member as waiting, and never the link again.
    const page = await listRoute.loader({
      request: staffRequest("/admin/staff", admin),
      params: {},
      context: TEST_CONTEXT,
    });
    const row = page.staff.find((member) => member.id === user.id);
    expect(row).toMatchObject({ enrolled: false, passkeys: 0, totp: false, lastSignInAt: null });
    expect(JSON.stringify(page)).not.toContain(token);
  });

  it("answers bad input with 400, field errors and the values typed, creating nothing", async () => {
    const admin = await signedInStaff("admin");
    const form = { email: "not-an-address", name: "x".repeat(101), role: "superuser", locale: "fr" };
    const { status, body } = await createAccount(admin, form);
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({ email: true, name: true, role: true, locale: true });
    expect(body.values).toEqual(form);
    expect(await getPrisma().staffUser.count({ where: { email: "not-an-address" } })).toBe(0);
  });

  it("refuses an address that already has an account", async () => {
    const admin = await signedInStaff("admin");
    const existing = await createStaffUser("viewer");
    const { status, body } = await createAccount(admin, {
      email: existing.email.toUpperCase(),
      name: "",
      role: "viewer",
      locale: "ko",
    });
    expect(status).toBe(409);
    expect(body.rule).toBe("email-taken");
  });

  it("lets an owner create an owner, and never an admin", async () => {
    const admin = await signedInStaff("admin");
    const refused = await createAccount(admin, {
      email: "boss@ngo.example",
      name: "",
      role: "owner",
      locale: "ko",
    });
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe("owner-only");
    expect(await getPrisma().staffUser.count({ where: { email: "boss@ngo.example" } })).toBe(0);

    const owner = await signedInStaff("owner");
    const made = await createAccount(owner, {
      email: "boss@ngo.example",
      name: "",
      role: "owner",
      locale: "ko",
    });
    expect(made.status).toBe(200);
    expect(
      (await getPrisma().staffUser.findUniqueOrThrow({ where: { email: "boss@ngo.example" } })).role,
    ).toBe("owner");
  });
});

describe("the staff list", () => {
  it("shows each member's factors, last sign-in and state, removed members last", async () => {
    const admin = await signedInStaff("admin");
    const member = await createStaffUser("campaigner");
    await getPrisma().staffUser.update({ where: { id: member.id }, data: { totpSecretSealed: "sealed" } });
    await getPrisma().staffPasskey.createMany({
      data: [1, 2].map((n) => ({
        id: `cred-${n}-${member.id}`,
        userId: member.id,
        publicKey: Buffer.from([n]),
      })),
    });
    for (const at of ["2026-11-01T00:00:00Z", "2026-11-20T09:00:00Z"]) {
      await getPrisma().auditLog.create({
        data: { actorId: member.id, action: "staff.sign-in", targetType: "staff", createdAt: new Date(at) },
      });
    }
    const removed = await createStaffUser("viewer");
    await getPrisma().staffUser.update({ where: { id: removed.id }, data: { disabledAt: new Date() } });
    const page = await listRoute.loader({
      request: staffRequest("/admin/staff", admin),
      params: {},
      context: TEST_CONTEXT,
    });
    expect(page.staff.find((row) => row.id === member.id)).toMatchObject({
      enrolled: true,
      passkeys: 2,
      totp: true,
      lastSignInAt: "2026-11-20T09:00:00.000Z",
      disabledAt: null,
    });
    expect(page.staff.at(-1)?.id).toBe(removed.id);
  });
});

describe("changing roles", () => {
  it("changes a role and audits from and to", async () => {
    const admin = await signedInStaff("admin");
    const target = await createStaffUser("viewer");
    const { status, body } = await memberAction(admin, target.id, { intent: "role", role: "campaigner" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, changed: true });
    expect((await getPrisma().staffUser.findUniqueOrThrow({ where: { id: target.id } })).role).toBe(
      "campaigner",
    );
    const [entry] = await auditOf("staff.role-changed", target.id);
    expect(entry).toMatchObject({ actorId: admin.userId, details: { from: "viewer", to: "campaigner" } });
  });

  it("keeps an admin from promoting to owner, touching an owner, or changing their own role", async () => {
    const { user: admin, session } = await signedInWithUser("admin");
    const viewer = await createStaffUser("viewer");
    const owner = await createStaffUser("owner");
    expect((await memberAction(session, viewer.id, { intent: "role", role: "owner" })).body.rule).toBe(
      "owner-only",
    );
    const demote = await memberAction(session, owner.id, { intent: "role", role: "viewer" });
    expect(demote).toMatchObject({ status: 403, body: { rule: "owner-only" } });
    const own = await memberAction(session, admin.id, { intent: "role", role: "viewer" });
    expect(own).toMatchObject({ status: 403, body: { rule: "own-role" } });
    const roles = await getPrisma().staffUser.findMany({
      where: { id: { in: [admin.id, viewer.id, owner.id] } },
    });
    expect(Object.fromEntries(roles.map((user) => [user.id, user.role]))).toEqual({
      [admin.id]: "admin",
      [viewer.id]: "viewer",
      [owner.id]: "owner",
    });
    expect(await getPrisma().auditLog.count({ where: { action: "staff.role-changed" } })).toBe(0);
  });

  it("never demotes the last owner who can sign in, but does once another owner exists", async () => {
    const { user: owner, session } = await signedInWithUser("owner");
    // An owner who has not enrolled cannot sign in, so does not count.
    await getPrisma().staffUser.create({
      data: { email: "pending-owner@ngo.example", name: "", role: "owner" },
    });
    const refused = await memberAction(session, owner.id, { intent: "role", role: "admin" });
    expect(refused).toMatchObject({ status: 409, body: { rule: "last-owner" } });
    expect((await getPrisma().staffUser.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe("owner");

    const second = await createStaffUser("owner");
    const { status } = await memberAction(session, owner.id, { intent: "role", role: "admin" });
    expect(status).toBe(200);
    expect((await getPrisma().staffUser.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe("admin");
    // Now `second` is the last one.
    const other = await signedInStaff("owner");
    await getPrisma().staffUser.update({ where: { id: other.userId }, data: { enrolledAt: null } });
    const last = await memberAction(other, second.id, { intent: "remove" });
    expect(last).toMatchObject({ status: 409, body: { rule: "last-owner" } });
  });

  it("lets only one of two owners demoting each other at once succeed", async () => {
    const a = await signedInWithUser("owner");
    const b = await signedInWithUser("owner");
    const results = await Promise.all([
      memberAction(a.session, b.user.id, { intent: "role", role: "admin" }),
      memberAction(b.session, a.user.id, { intent: "role", role: "admin" }),
    ]);
    // The second finds itself no longer an owner, or the other the last owner: refused either way.
    const statuses = results.map((result) => result.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await getPrisma().staffUser.count({ where: { role: "owner", disabledAt: null } })).toBe(1);
  });
});

describe("removing staff and ending sessions", () => {
  it("disables the account, ends its sessions and link, keeps the row, and audits", async () => {
    const admin = await signedInStaff("admin");
    const target = await createStaffUser("campaigner");
    const targetSession = await signedInAs(target.id);
    await requireStaff(staffRequest("/admin", targetSession), "viewer");

    const { status } = await memberAction(admin, target.id, { intent: "remove" });
    expect(status).toBe(200);
    const row = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.disabledAt).not.toBeNull();
    expect(await getPrisma().staffSession.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
    const gate = await requireStaff(staffRequest("/admin", targetSession), "viewer").catch((e: unknown) => e);
    expect((gate as Response).status).toBe(302);
    expect((await auditOf("staff.removed", target.id))[0]).toMatchObject({ actorId: admin.userId });
    // A removed account cannot be changed further.
    const again = await memberAction(admin, target.id, { intent: "role", role: "viewer" });
    expect(again.body.rule).toBe("removed");
  });

  it("never removes the last owner, and an admin never removes an owner", async () => {
    const { user: owner, session } = await signedInWithUser("owner");
    const self = await memberAction(session, owner.id, { intent: "remove" });
    expect(self).toMatchObject({ status: 409, body: { rule: "last-owner" } });
    const admin = await signedInStaff("admin");
    await createStaffUser("owner");
    const byAdmin = await memberAction(admin, owner.id, { intent: "remove" });
    expect(byAdmin).toMatchObject({ status: 403, body: { rule: "owner-only" } });
    expect(
      (await getPrisma().staffUser.findUniqueOrThrow({ where: { id: owner.id } })).disabledAt,
    ).toBeNull();
  });

  it("lets owners, and only owners, end someone's sessions", async () => {
    const target = await createStaffUser("campaigner");
    const first = await signedInAs(target.id);
    await signedInAs(target.id);
    const admin = await signedInStaff("admin");
    const refused = await memberAction(admin, target.id, { intent: "end-sessions" });
    expect(refused).toMatchObject({ status: 403, body: { rule: "owner-only" } });
    expect(await getPrisma().staffSession.count({ where: { userId: target.id, revokedAt: null } })).toBe(2);

    const owner = await signedInStaff("owner");
    const ended = await memberAction(owner, target.id, { intent: "end-sessions" });
    expect(ended).toMatchObject({ status: 200, body: { ended: 2 } });
    const gate = await requireStaff(staffRequest("/admin", first), "viewer").catch((e: unknown) => e);
    expect((gate as Response).status).toBe(302);
    expect((await auditOf("staff.sessions-ended", target.id))[0]).toMatchObject({
      actorId: owner.userId,
      details: { sessions: 2 },
    });
  });
});

describe("re-issuing enrolment links", () => {
  it("gives a new link to a member who has not enrolled, and the old one stops working", async () => {
    const admin = await signedInStaff("admin");
    const created = await createAccount(admin, {
      email: "late@ngo.example",
      name: "",
      role: "viewer",
      locale: "ko",
    });
    const oldToken = (created.body.created as { enrolmentUrl: string }).enrolmentUrl.split(
      "/admin/enrol/",
    )[1]!;
    const user = await getPrisma().staffUser.findUniqueOrThrow({ where: { email: "late@ngo.example" } });
    const { status, body } = await memberAction(admin, user.id, { intent: "enrol" });
    expect(status).toBe(200);
    const newToken = (body.enrolmentUrl as string).split("/admin/enrol/")[1]!;
    expect(await findEnrolment(oldToken)).toBeNull();
    expect((await findEnrolment(newToken))?.id).toBe(user.id);
    expect(await auditOf("staff.enrolment-link-issued", user.id)).toHaveLength(1);
  });

  it("refuses one for an enrolled member, and an admin one for an owner", async () => {
    const admin = await signedInStaff("admin");
    const enrolled = await createStaffUser("viewer");
    expect((await memberAction(admin, enrolled.id, { intent: "enrol" })).body.rule).toBe("already-enrolled");
    const owner = await getPrisma().staffUser.create({
      data: { email: "o@ngo.example", name: "", role: "owner" },
    });
    expect((await memberAction(admin, owner.id, { intent: "enrol" })).body.rule).toBe("owner-only");
  });
});

describe("who reaches staff management", () => {
  it("gives campaigners and viewers 403 on every page and action, and no session the sign-in page", async () => {
    const target = await createStaffUser("viewer");
    for (const role of ["campaigner", "viewer"] as const) {
      const session = await signedInStaff(role);
      const calls = [
        listRoute.loader({
          request: staffRequest("/admin/staff", session),
          params: {},
          context: TEST_CONTEXT,
        }),
        listRoute.action({
          request: staffRequest("/admin/staff", session, { email: "x@ngo.example", role: "viewer" }),
          params: {},
          context: TEST_CONTEXT,
        }),
        memberRoute.loader({
          request: staffRequest(`/admin/staff/${target.id}`, session),
          params: { id: target.id },
          context: TEST_CONTEXT,
        }),
        memberRoute.action({
          request: staffRequest(`/admin/staff/${target.id}`, session, { intent: "remove" }),
          params: { id: target.id },
          context: TEST_CONTEXT,
        }),
      ];
      for (const call of calls) expect((await outcome(call)).status).toBe(403);
    }
    const anonymous = await outcome(
      memberRoute.loader({
        request: staffRequest("/ko/admin/staff/x", null),
        params: { id: "x" },
        context: TEST_CONTEXT,
      }),
    );
    expect(anonymous.status).toBe(302);
    expect(
      (await getPrisma().staffUser.findUniqueOrThrow({ where: { id: target.id } })).disabledAt,
    ).toBeNull();
  });

  it("answers an unknown member with 404 and a bad intent with 400", async () => {
    const admin = await signedInStaff("admin");
    const missing = await outcome(
      memberRoute.loader({
        request: staffRequest("/admin/staff/nope", admin),
        params: { id: "nope" },
        context: TEST_CONTEXT,
      }),
    );
    expect(missing.status).toBe(404);
    const target = await createStaffUser("viewer");
    expect((await memberAction(admin, target.id, { intent: "delete-everything" })).status).toBe(400);
    expect((await memberAction(admin, target.id, { intent: "role", role: "god" })).status).toBe(400);
  });
});
