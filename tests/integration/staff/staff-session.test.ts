import { describe, expect, it } from "vitest";
import {
  endAllStaffSessions,
  requireStaff,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  startStaffSession,
} from "~/models/staff-session.server";
import { getPrisma } from "~/utils/db.server";
import { createStaffUser, signedInAs, signedInStaff, staffRequest } from "../../support/staff";

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Response);
  return error as Response;
}

describe("requireStaff", () => {
  it("sends a request without a session to the sign-in page, keeping the page asked for", async () => {
    const response = await thrown(
      requireStaff(staffRequest("/ko/admin/campaigns?status=live", null), "viewer"),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `/ko/admin/sign-in?next=${encodeURIComponent("/ko/admin/campaigns?status=live")}`,
    );
  });

  it("refuses a lower role with 403 and lets an equal or higher one through", async () => {
    const campaigner = await signedInStaff("campaigner");
    expect((await thrown(requireStaff(staffRequest("/admin/staff", campaigner), "admin"))).status).toBe(403);
    const staff = await requireStaff(staffRequest("/admin/campaigns", campaigner), "viewer");
    expect(staff.user.role).toBe("campaigner");
  });

  it("refuses a session whose second factor is not verified yet", async () => {
    const user = await createStaffUser("owner");
    const setCookie = await startStaffSession(
      user.id,
      { ipHash: "dGVzdA", userAgent: "t" },
      { mfaVerified: false },
    );
    const request = new Request("http://127.0.0.1/admin", { headers: { cookie: setCookie.split(";")[0]! } });
    expect((await thrown(requireStaff(request, "viewer"))).status).toBe(302);
  });

  it("refuses a POST without the session's CSRF token, or with another session's", async () => {
    const owner = await signedInStaff("owner");
    const other = await signedInStaff("owner");
    const noToken = staffRequest("/admin/staff", owner, { x: "1" }, { csrf: null });
    expect((await thrown(requireStaff(noToken, "viewer"))).status).toBe(403);
    const wrongToken = staffRequest("/admin/staff", owner, { x: "1" }, { csrf: other.csrf });
    expect((await thrown(requireStaff(wrongToken, "viewer"))).status).toBe(403);
    const staff = await requireStaff(staffRequest("/admin/staff", owner, { x: "1" }), "viewer");
    expect(staff.user.id).toBe(owner.userId);
  });

  it("ends a session idle for 30 minutes, one past 12 hours, and every session signed out everywhere", async () => {
    const prisma = getPrisma();
    const user = await createStaffUser("admin");
    const idle = await signedInAs(user.id);
    const old = await signedInAs(user.id);
    const sessions = await prisma.staffSession.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
    });
    await prisma.staffSession.update({
      where: { id: sessions[0]!.id },
      data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) },
    });
    await prisma.staffSession.update({
      where: { id: sessions[1]!.id },
      data: { expiresAt: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - SESSION_ABSOLUTE_MS) },
    });
    expect((await thrown(requireStaff(staffRequest("/admin", idle), "viewer"))).status).toBe(302);
    expect((await thrown(requireStaff(staffRequest("/admin", old), "viewer"))).status).toBe(302);

    const live = await signedInAs(user.id);
    await requireStaff(staffRequest("/admin", live), "viewer");
    expect(await endAllStaffSessions(user.id)).toBeGreaterThanOrEqual(1);
    expect((await thrown(requireStaff(staffRequest("/admin", live), "viewer"))).status).toBe(302);
  });

  it("refuses a disabled account's sessions", async () => {
    const user = await createStaffUser("owner");
    const session = await signedInAs(user.id);
    await getPrisma().staffUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await thrown(requireStaff(staffRequest("/admin", session), "viewer"))).status).toBe(302);
  });
});
