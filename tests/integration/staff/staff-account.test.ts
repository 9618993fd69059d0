import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/models/staff-password.server";
import { totpCodeAt } from "~/models/staff-totp.server";
import { action, loader } from "~/routes/($lang).admin.account";
import { getPrisma } from "~/utils/db.server";
import { signedInAs, staffRequest, type SignedIn } from "../../support/staff";
import { call, enrolledWithTotp } from "../../support/staff-auth";

async function notices(email: string) {
  const rows = await getPrisma().emailDelivery.findMany({ where: { kind: "staff-notice", toEmail: email } });
  return rows.map((row) => (row.payload as { event: string }).event);
}

/** Makes the session's last second factor older than the account page accepts. */
async function staleReauth(userId: string) {
  await getPrisma().staffSession.updateMany({
    where: { userId },
    data: { reauthAt: new Date(Date.now() - 10 * 60_000) },
  });
}

const post = (signedIn: SignedIn, form: Record<string, string>) =>
  call(action, staffRequest("/en/admin/account", signedIn, form), { lang: "en" });

describe("the account page", () => {
  it("asks for the second factor again before a change, then changes the password and emails a notice", async () => {
    const { user, secret } = await enrolledWithTotp();
    const me = await signedInAs(user.id);
    await staleReauth(user.id);
    const page = await call(loader, staffRequest("/en/admin/account", me), { lang: "en" });
    expect(page.data).toMatchObject({ fresh: false, totp: true, totpOffer: null });

    const newPassword = "morning tide over bukhansan";
    const refused = await post(me, { intent: "password", password: newPassword, confirm: newPassword });
    expect(refused.status).toBe(403);
    expect(refused.data).toEqual({ error: "reauth" });

    const reauth = await post(me, { intent: "reauth-code", code: totpCodeAt(secret, Date.now()) });
    expect(reauth.data).toEqual({ ok: "reauthed" });
    const common = await post(me, { intent: "password", password: "password1234", confirm: "password1234" });
    expect(common.data).toEqual({ error: "common" });
    const changed = await post(me, { intent: "password", password: newPassword, confirm: newPassword });
    expect(changed.data).toEqual({ ok: "password-changed" });
    const stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(newPassword, stored.passwordHash)).toBe(true);
    expect(await notices(user.email)).toEqual(["password-changed"]);
    expect(
      await getPrisma().auditLog.count({ where: { action: "staff.password-changed", actorId: user.id } }),
    ).toBe(1);
  }, 60_000);

  it("emails both the old and the new address when the address changes", async () => {
    const { user } = await enrolledWithTotp();
    const me = await signedInAs(user.id);
    const taken = await enrolledWithTotp();
    expect((await post(me, { intent: "email", email: taken.user.email })).data).toEqual({
      error: "email-taken",
    });
    expect((await post(me, { intent: "email", email: "not an address" })).status).toBe(400);
    expect((await post(me, { intent: "email", email: " New.Address@NGO.example " })).data).toEqual({
      ok: "email-changed",
    });
    expect(await notices(user.email)).toEqual(["email-changed"]);
    expect(await notices("new.address@ngo.example")).toEqual(["email-changed"]);
  }, 60_000);

  it("never removes the last second factor, renews recovery codes, and ends other sessions", async () => {
    const { user } = await enrolledWithTotp();
    const me = await signedInAs(user.id);
    const elsewhere = await signedInAs(user.id);
    expect((await post(me, { intent: "totp-remove" })).data).toEqual({ error: "last-factor" });
    expect(
      (await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } })).totpSecretSealed,
    ).not.toBeNull();

    const renewed = await post(me, { intent: "recovery-renew" });
    expect((renewed.data as { codes: string[] }).codes).toHaveLength(10);
    expect(await notices(user.email)).toEqual(["recovery-codes-renewed"]);

    expect((await post(me, { intent: "end-others" })).data).toEqual({ ok: "sessions-ended" });
    const page = await call(loader, staffRequest("/en/admin/account", elsewhere), { lang: "en" });
    expect(page.status).toBe(302);
    const mine = await call(loader, staffRequest("/en/admin/account", me), { lang: "en" });
    expect((mine.data as { sessions: { current: boolean }[] }).sessions).toEqual([
      expect.objectContaining({ current: true }),
    ]);
    const everywhere = await post(me, { intent: "end-all" });
    expect(everywhere.status).toBe(302);
    expect(everywhere.location).toBe("/en/admin/sign-in");
    expect((await call(loader, staffRequest("/en/admin/account", me), { lang: "en" })).status).toBe(302);
    expect(
      await getPrisma().auditLog.count({ where: { action: "staff.sessions-ended", actorId: user.id } }),
    ).toBe(2);
  }, 60_000);
});

describe("security notices", () => {
  it("render in each staff member's language, with the time in Seoul", async () => {
    const { composeTransactionalEmail } = await import("~/models/transactional-email.server");
    const at = "2026-11-30T03:04:00.000Z";
    const subjects: Record<string, RegExp> = {
      en: /sign-in paused/,
      ko: /로그인이 잠시 중지되었습니다/,
      ja: /ログインを一時停止しました/,
    };
    for (const locale of ["en", "ko", "ja"] as const) {
      const message = await composeTransactionalEmail({
        kind: "staff-notice",
        toEmail: "a@ngo.example",
        locale,
        createdAt: new Date(at),
        payload: { event: "locked-out", at },
      });
      expect(message.subject).toMatch(subjects[locale]!);
      expect(message.text).toContain("12:04");
      expect(message.text).toContain("GMT+9");
      expect(message.text).not.toMatch(/staffNotice\./);
    }
  });
});
