import { describe, expect, it } from "vitest";
import { requireStaff } from "~/models/staff-session.server";
import { createStaffAccount, issueEnrolmentLink } from "~/models/staff-enrolment.server";
import { relyingParty } from "~/models/staff-passkey.server";
import { openTotpSecret, totpCodeAt } from "~/models/staff-totp.server";
import * as enrol from "~/routes/($lang).admin_.enrol.$token";
import * as signIn from "~/routes/($lang).admin_.sign-in";
import { getPrisma } from "~/utils/db.server";
import { Browser, call, GOOD_PASSWORD } from "../../support/staff-auth";
import { SoftAuthenticator } from "../../support/webauthn";

async function newAccount(email: string) {
  const { userId, enrolmentUrl } = await createStaffAccount({ email, role: "owner", actorId: null });
  const token = enrolmentUrl.split("/").pop()!;
  return { userId, token, path: `/en/admin/enrol/${token}`, params: { lang: "en", token } };
}

describe("enrolment", () => {
  it("sets a password with the single-use link, then needs a TOTP code, then shows ten recovery codes once", async () => {
    const account = await newAccount("seo-yeon@ngo.example");
    const browser = new Browser();
    const first = await call(enrol.loader, browser.get(account.path), account.params);
    expect(first.data).toMatchObject({ step: "password", email: "seo-yeon@ngo.example" });

    const weak = await call(
      enrol.action,
      browser.post(account.path, { intent: "password", password: "qwerty123456", confirm: "qwerty123456" }),
      account.params,
    );
    expect(weak.status).toBe(400);
    expect(weak.data).toMatchObject({ error: "password", problem: "common" });
    const short = await call(
      enrol.action,
      browser.post(account.path, { intent: "password", password: "short", confirm: "short" }),
      account.params,
    );
    expect(short.data).toMatchObject({ problem: "too-short" });

    const set = browser.take(
      await call(
        enrol.action,
        browser.post(account.path, {
          intent: "password",
          name: "Seo-yeon",
          password: GOOD_PASSWORD,
          confirm: GOOD_PASSWORD,
        }),
        account.params,
      ),
    );
    expect(set.status).toBe(302);
    // The link is spent: another browser (or this one again) cannot use it.
    const stranger = new Browser();
    const again = await call(
      enrol.action,
      stranger.post(account.path, { intent: "password", password: GOOD_PASSWORD, confirm: GOOD_PASSWORD }),
      account.params,
    );
    expect(again.status).toBe(410);
    expect((await call(enrol.loader, stranger.get(account.path), account.params)).data).toMatchObject({
      step: "invalid",
    });
    // Half enrolled: nothing in the staff area is reachable yet, and sign-in is refused.
    await expect(requireStaff(browser.get("/en/admin"), "viewer")).rejects.toBeInstanceOf(Response);

    const factor = await call(enrol.loader, browser.get(account.path), account.params);
    const offer = (factor.data as { step: string; totp: { sealed: string; grouped: string; qrSvg: string } })
      .totp;
    expect((factor.data as { step: string }).step).toBe("factor");
    expect(offer.grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(offer.qrSvg).toContain("<svg");
    const secret = openTotpSecret(offer.sealed, account.userId)!;
    expect(offer.grouped.replaceAll(" ", "")).toBe(secret);

    const wrong = await call(
      enrol.action,
      browser.post(account.path, { intent: "totp", sealed: offer.sealed, code: "12345" }),
      account.params,
    );
    expect(wrong.data).toEqual({ error: "code" });
    const done = browser.take(
      await call(
        enrol.action,
        browser.post(account.path, {
          intent: "totp",
          sealed: offer.sealed,
          code: totpCodeAt(secret, Date.now()),
        }),
        account.params,
      ),
    );
    expect(done.status).toBe(200);
    const codes = (done.data as { codes: string[] }).codes;
    expect(codes).toHaveLength(10);
    const staff = await requireStaff(browser.get("/en/admin"), "viewer");
    expect(staff.user).toMatchObject({ id: account.userId, name: "Seo-yeon" });
    const user = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: account.userId } });
    expect(user.enrolledAt).not.toBeNull();
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(
      await getPrisma().auditLog.count({ where: { action: "staff.enrolled", actorId: account.userId } }),
    ).toBe(1);
    // The codes are not shown again.
    const after = await call(enrol.loader, browser.get(account.path), account.params);
    expect(JSON.stringify(after.data)).not.toContain(codes[0]);
  }, 120_000);

  it("refuses an expired link", async () => {
    const account = await newAccount("expired@ngo.example");
    await getPrisma().staffToken.updateMany({
      where: { userId: account.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const browser = new Browser();
    const page = await call(enrol.loader, browser.get(account.path), account.params);
    expect(page.status).toBe(410);
    expect(page.data).toMatchObject({ step: "invalid" });
    const post = await call(
      enrol.action,
      browser.post(account.path, { intent: "password", password: GOOD_PASSWORD, confirm: GOOD_PASSWORD }),
      account.params,
    );
    expect(post.status).toBe(410);
    // A link re-issued later works, and the earlier one stays dead.
    const fresh = (await issueEnrolmentLink(account.userId)).split("/").pop()!;
    expect(
      (await call(enrol.loader, browser.get(`/en/admin/enrol/${fresh}`), { lang: "en", token: fresh })).data,
    ).toMatchObject({
      step: "password",
    });
  });
});

describe("passkeys", () => {
  it("enrols with a passkey, then signs in with it alone and as a second factor; a replay or another origin is refused", async () => {
    const account = await newAccount("ji-ho@ngo.example");
    const rp = relyingParty();
    const authenticator = new SoftAuthenticator(rp.rpID, rp.origin);
    const browser = new Browser();
    browser.take(
      await call(
        enrol.action,
        browser.post(account.path, { intent: "password", password: GOOD_PASSWORD, confirm: GOOD_PASSWORD }),
        account.params,
      ),
    );
    const options = await call(
      enrol.action,
      browser.post(account.path, { intent: "passkey-options" }),
      account.params,
    );
    const creation = (
      options.data as {
        passkeyOptions: { challenge: string; rp: { id: string }; authenticatorSelection: object };
      }
    ).passkeyOptions;
    expect(creation.rp.id).toBe(rp.rpID);
    expect(creation.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    const registered = browser.take(
      await call(
        enrol.action,
        browser.post(account.path, {
          intent: "passkey",
          name: "Laptop",
          response: JSON.stringify(authenticator.register(creation.challenge)),
        }),
        account.params,
      ),
    );
    expect((registered.data as { codes: string[] }).codes).toHaveLength(10);
    const stored = await getPrisma().staffPasskey.findUniqueOrThrow({ where: { id: authenticator.id } });
    expect(stored).toMatchObject({ userId: account.userId, name: "Laptop" });

    // Sign in with the passkey alone: the challenge waits in a short-lived cookie.
    const device = new Browser();
    const start = device.take(
      await call(signIn.action, device.post("/admin/sign-in", { intent: "passkey-only-options" })),
    );
    const request = (
      start.data as {
        passkeyOptions: { challenge: string; allowCredentials?: unknown[]; userVerification: string };
      }
    ).passkeyOptions;
    expect(request.userVerification).toBe("required");
    expect(request.allowCredentials ?? []).toEqual([]);

    const phished = authenticator.authenticate(request.challenge, {
      origin: "https://rollcall-login.example",
    });
    const refused = await call(
      signIn.action,
      device.post("/admin/sign-in", { intent: "passkey-only", response: JSON.stringify(phished) }),
    );
    expect(refused.status).toBe(400);
    // That answer used the challenge up: a new one is needed.
    const again = device.take(
      await call(signIn.action, device.post("/admin/sign-in", { intent: "passkey-only-options" })),
    );
    const challenge = (again.data as { passkeyOptions: { challenge: string } }).passkeyOptions.challenge;
    const answer = JSON.stringify(authenticator.authenticate(challenge, { userHandle: "x" }));
    const cookieBefore = device.cookie();
    const ok = device.take(
      await call(signIn.action, device.post("/admin/sign-in", { intent: "passkey-only", response: answer })),
    );
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/admin");
    expect((await requireStaff(device.get("/admin"), "viewer")).user.id).toBe(account.userId);
    const used = await getPrisma().staffPasskey.findUniqueOrThrow({ where: { id: authenticator.id } });
    expect(used.counter).toBe(BigInt(authenticator.counter));
    expect(used.lastUsedAt).not.toBeNull();
    // The same answer again, with the same challenge cookie: refused.
    const replay = await call(
      signIn.action,
      new Request("http://127.0.0.1/admin/sign-in", {
        method: "POST",
        headers: { cookie: cookieBefore, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "passkey-only", response: answer }),
      }),
    );
    expect(replay.status).toBe(400);

    // As the second step after the password.
    const laptop = new Browser();
    laptop.take(
      await call(
        signIn.action,
        laptop.post("/admin/sign-in", {
          intent: "password",
          email: "ji-ho@ngo.example",
          password: GOOD_PASSWORD,
        }),
      ),
    );
    expect((await call(signIn.loader, laptop.get("/admin/sign-in"))).data).toMatchObject({
      step: "factor",
      factors: { totp: false, passkeys: 1 },
    });
    const second = await call(signIn.action, laptop.post("/admin/sign-in", { intent: "passkey-options" }));
    const secondOptions = (
      second.data as { passkeyOptions: { challenge: string; allowCredentials: { id: string }[] } }
    ).passkeyOptions;
    expect(secondOptions.allowCredentials.map((item) => item.id)).toEqual([authenticator.id]);
    // An answer with a counter that went backwards (a cloned authenticator) is refused.
    const cloned = authenticator.authenticate(secondOptions.challenge, { counter: 1 });
    expect(
      (
        await call(
          signIn.action,
          laptop.post("/admin/sign-in", { intent: "passkey", response: JSON.stringify(cloned) }),
        )
      ).status,
    ).toBe(400);
    const retry = await call(signIn.action, laptop.post("/admin/sign-in", { intent: "passkey-options" }));
    const retryChallenge = (retry.data as { passkeyOptions: { challenge: string } }).passkeyOptions.challenge;
    const done = laptop.take(
      await call(
        signIn.action,
        laptop.post("/admin/sign-in", {
          intent: "passkey",
          response: JSON.stringify(authenticator.authenticate(retryChallenge, { counter: 10 })),
        }),
      ),
    );
    expect(done.status).toBe(302);
    expect((await requireStaff(laptop.get("/admin"), "viewer")).user.id).toBe(account.userId);
  }, 120_000);
});
