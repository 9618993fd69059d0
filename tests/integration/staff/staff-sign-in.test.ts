import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/($lang).admin_.sign-in";
import { requireStaff } from "~/models/staff-session.server";
import { checkPassword, checkSecondFactorCode, SIGN_IN_THROTTLE } from "~/models/staff-sign-in.server";
import { renewRecoveryCodes } from "~/models/staff-recovery.server";
import { totpCodeAt } from "~/models/staff-totp.server";
import { getPrisma } from "~/utils/db.server";
import { safeStaffNext } from "~/utils/staff-next";
import { Browser, call, enrolledWithTotp, GOOD_PASSWORD } from "../../support/staff-auth";

const IP = "dGVzdA";

async function lockNotices(email: string) {
  const rows = await getPrisma().emailDelivery.findMany({ where: { kind: "staff-notice", toEmail: email } });
  return rows.filter((row) => (row.payload as { event?: string }).event === "locked-out");
}

describe("signing in: throttling", () => {
  it("pauses an account after five failures, refuses even the right password, doubles the pause and emails once", async () => {
    const { user } = await enrolledWithTotp();
    const start = Date.UTC(2026, 10, 30, 1, 0, 0);
    for (let i = 1; i <= SIGN_IN_THROTTLE.freeFailures; i++) {
      const result = await checkPassword({
        email: user.email,
        password: `wrong guess ${i}!`,
        ipHash: `ip-${i}`,
        now: start,
      });
      expect(result).toEqual({ ok: false, locked: i === SIGN_IN_THROTTLE.freeFailures });
    }
    // The sixth attempt, with the right password, is refused all the same.
    expect(
      await checkPassword({ email: user.email, password: GOOD_PASSWORD, ipHash: "ip-6", now: start + 1000 }),
    ).toEqual({
      ok: false,
      locked: true,
    });
    let stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil!.getTime() - start).toBe(60_000);

    // Once the first pause is over, the next failure pauses for twice as long, then four times.
    const second = start + 61_000;
    expect(
      await checkPassword({ email: user.email, password: "wrong again!!", ipHash: "ip-7", now: second }),
    ).toEqual({
      ok: false,
      locked: true,
    });
    stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil!.getTime() - second).toBe(2 * 60_000);
    // A wrong second factor counts too (here: after the pause, on the pending second step).
    const third = second + 2 * 60_000 + 1000;
    expect(
      await checkSecondFactorCode({ userId: user.id, code: "000000", ipHash: "ip-8", now: third }),
    ).toEqual({
      ok: false,
      locked: true,
    });
    stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedSignIns).toBe(7);
    expect(stored.lockedUntil!.getTime() - third).toBe(4 * 60_000);

    expect(await lockNotices(user.email)).toHaveLength(1);
    const audit = await getPrisma().auditLog.findMany({ where: { targetId: user.id } });
    expect(audit.filter((row) => row.action === "staff.locked-out")).toHaveLength(1);
    const failures = audit.filter((row) => row.action === "staff.sign-in-failed");
    expect(failures).toHaveLength(7);
    for (const row of failures) {
      expect(row.actorId).toBe(user.id);
      expect(JSON.stringify(row.details)).not.toMatch(/wrong|guess|@/);
    }
  }, 180_000);

  it("caps the pause at an hour and ends the run of failures at a successful sign-in", async () => {
    const { user, secret } = await enrolledWithTotp();
    await getPrisma().staffUser.update({ where: { id: user.id }, data: { failedSignIns: 30 } });
    const now = Date.UTC(2026, 10, 30, 2, 0, 0);
    await checkPassword({ email: user.email, password: "still guessing!", ipHash: IP, now });
    let stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil!.getTime() - now).toBe(SIGN_IN_THROTTLE.maxDelayMs);

    const after = now + SIGN_IN_THROTTLE.maxDelayMs + 1000;
    expect(
      await checkPassword({ email: user.email, password: GOOD_PASSWORD, ipHash: IP, now: after }),
    ).toMatchObject({
      ok: true,
    });
    const browser = new Browser();
    // Through the route this time, so that the run of failures is cleared by the real sign-in.
    await getPrisma().staffUser.update({ where: { id: user.id }, data: { lockedUntil: null } });
    browser.take(
      await call(
        action,
        browser.post("/admin/sign-in", { intent: "password", email: user.email, password: GOOD_PASSWORD }),
      ),
    );
    const signedIn = browser.take(
      await call(
        action,
        browser.post("/admin/sign-in", { intent: "code", code: totpCodeAt(secret, Date.now()) }),
      ),
    );
    expect(signedIn.status).toBe(302);
    stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedSignIns).toBe(0);
    expect(stored.lockedUntil).toBeNull();
  }, 120_000);

  it("stops a network after 20 failures in 15 minutes, for every account, with the same answer", async () => {
    const { user } = await enrolledWithTotp();
    const now = Date.UTC(2026, 10, 30, 3, 0, 0);
    expect(
      await checkPassword({ email: "nobody@ngo.example", password: "no such account", ipHash: "net-a", now }),
    ).toEqual({
      ok: false,
      locked: false,
    });
    const counter = await getPrisma().rateLimitCounter.findFirstOrThrow({
      where: { key: "staff-sign-in:net-a" },
    });
    expect(counter.count).toBe(1);
    // The other nineteen failures, as the counter records them.
    await getPrisma().rateLimitCounter.update({
      where: { key_windowStart: { key: counter.key, windowStart: counter.windowStart } },
      data: { count: SIGN_IN_THROTTLE.ipFailures },
    });
    expect(
      await checkPassword({ email: user.email, password: GOOD_PASSWORD, ipHash: "net-a", now: now + 1000 }),
    ).toEqual({
      ok: false,
      locked: true,
    });
    // Another network is not affected, and the account itself counted nothing.
    expect(
      await checkPassword({ email: user.email, password: GOOD_PASSWORD, ipHash: "net-b", now: now + 1000 }),
    ).toMatchObject({
      ok: true,
    });
    // The next window starts afresh.
    const next = now + SIGN_IN_THROTTLE.ipWindowSeconds * 1000;
    expect(
      await checkPassword({ email: user.email, password: GOOD_PASSWORD, ipHash: "net-a", now: next }),
    ).toMatchObject({
      ok: true,
    });
    const anonymous = await getPrisma().auditLog.findMany({
      where: { action: "staff.sign-in-failed", actorId: null },
    });
    expect(anonymous).toHaveLength(1);
    expect(JSON.stringify(anonymous[0]!.details)).not.toContain("nobody");
  }, 120_000);
});

describe("signing in: the second factor and the session", () => {
  it("gives a new session id after the second factor; the pre-sign-in cookie reaches nothing", async () => {
    const { user, secret } = await enrolledWithTotp();
    const browser = new Browser();
    const first = browser.take(
      await call(
        action,
        browser.post("/ko/admin/sign-in?next=%2Fko%2Fadmin%2Fcampaigns", {
          intent: "password",
          email: ` ${user.email.toUpperCase()} `,
          password: GOOD_PASSWORD,
        }),
      ),
    );
    expect(first.status).toBe(302);
    expect(first.location).toBe("/ko/admin/sign-in?next=%2Fko%2Fadmin%2Fcampaigns");
    const pendingCookie = browser.cookie();
    // Password alone: the page asks for the second factor and nothing else is reachable.
    const step = await call(loader, browser.get("/ko/admin/sign-in"));
    expect(step.data).toMatchObject({ step: "factor", factors: { totp: true, passkeys: 0 } });
    await expect(requireStaff(browser.get("/ko/admin"), "viewer")).rejects.toBeInstanceOf(Response);

    const done = browser.take(
      await call(
        action,
        browser.post("/ko/admin/sign-in?next=%2Fko%2Fadmin%2Fcampaigns", {
          intent: "code",
          code: totpCodeAt(secret, Date.now()),
        }),
      ),
    );
    expect(done.status).toBe(302);
    expect(done.location).toBe("/ko/admin/campaigns");
    expect(browser.cookie()).not.toBe(pendingCookie);
    const staff = await requireStaff(browser.get("/ko/admin"), "viewer");
    expect(staff.user.id).toBe(user.id);
    const stale = new Request("http://127.0.0.1/ko/admin", { headers: { cookie: pendingCookie } });
    await expect(requireStaff(stale, "viewer")).rejects.toBeInstanceOf(Response);
    const audit = await getPrisma().auditLog.findMany({
      where: { action: "staff.sign-in", actorId: user.id },
    });
    expect(audit).toHaveLength(1);
  }, 60_000);

  it("refuses a TOTP code already used, and takes a recovery code once", async () => {
    const { user, secret } = await enrolledWithTotp();
    const [recovery] = await renewRecoveryCodes(user.id);
    const signIn = async (code: string) => {
      const browser = new Browser();
      browser.take(
        await call(
          action,
          browser.post("/admin/sign-in", { intent: "password", email: user.email, password: GOOD_PASSWORD }),
        ),
      );
      return call(action, browser.post("/admin/sign-in", { intent: "code", code }));
    };
    const code = totpCodeAt(secret, Date.now());
    expect((await signIn(code)).status).toBe(302);
    const replay = await signIn(code);
    expect(replay.status).toBe(400);
    expect(replay.data).toEqual({ error: "wrong", locked: false });
    expect((await signIn(recovery!)).status).toBe(302);
    expect((await signIn(recovery!)).status).toBe(400);
    const used = await getPrisma().auditLog.count({
      where: { action: "staff.recovery-code-used", actorId: user.id },
    });
    expect(used).toBe(1);
  }, 120_000);

  it("takes a code typed in full-width digits, as a Japanese or Korean keyboard may send it", async () => {
    const { user, secret } = await enrolledWithTotp();
    const browser = new Browser();
    browser.take(
      await call(
        action,
        browser.post("/admin/sign-in", { intent: "password", email: user.email, password: GOOD_PASSWORD }),
      ),
    );
    const fullWidth = totpCodeAt(secret, Date.now()).replace(/[0-9]/g, (digit) =>
      String.fromCharCode(digit.charCodeAt(0) + 0xfee0),
    );
    expect(fullWidth).toMatch(/^[０-９]{6}$/);
    const done = await call(action, browser.post("/admin/sign-in", { intent: "code", code: fullWidth }));
    expect(done.status).toBe(302);
  }, 60_000);

  it("answers an unknown address, a wrong password and an unenrolled account alike", async () => {
    const { user } = await enrolledWithTotp();
    await getPrisma().staffUser.update({ where: { id: user.id }, data: { enrolledAt: null } });
    const browser = new Browser();
    const answers = await Promise.all(
      [
        { email: "nobody@ngo.example", password: GOOD_PASSWORD },
        { email: user.email, password: "not the password" },
        { email: user.email, password: GOOD_PASSWORD },
      ].map(async (form) => call(action, browser.post("/admin/sign-in", { intent: "password", ...form }))),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.setCookies).toEqual([]);
      expect((answer.data as { error: string }).error).toBe("wrong");
    }
  }, 120_000);

  it("follows `next` only to a staff page of this site", () => {
    expect(safeStaffNext("/admin/campaigns?status=live")).toBe("/admin/campaigns?status=live");
    expect(safeStaffNext("/ja/admin")).toBe("/ja/admin");
    for (const bad of [
      "//evil.example/admin",
      "https://evil.example/admin",
      "/\\evil.example/admin",
      "/admin/../evil",
      "/campaigns/x",
      "/administrator",
      "/admin/sign-in",
      null,
    ]) {
      expect(safeStaffNext(bad), String(bad)).toBeNull();
    }
  });
});
