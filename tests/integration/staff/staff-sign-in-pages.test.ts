// The sign-in and enrolment pages through the built app, as a browser gets them: rendered in each
// language with labelled fields, posts taken by the request guards, a cross-site post refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { getPrisma } from "~/utils/db.server";
import { randomAppSecret } from "../../support/fanout-fixture";
import { startBuiltApp, type BuiltApp } from "../../support/built-app";
import { stopNodeProcess } from "../../support/processes";

let app: BuiltApp;
const secret = randomAppSecret();

/** An enrolment link as the app under test makes them (keyed with its own secret). */
async function enrolmentToken(email: string): Promise<string> {
  const user = await getPrisma().staffUser.create({
    data: { email, name: "", role: "viewer", locale: "ko" },
  });
  const token = randomBytes(32).toString("base64url");
  const key = Buffer.from(hkdfSync("sha256", secret, "", "rollcall/staff-token/v1", 32));
  await getPrisma().staffToken.create({
    data: {
      tokenHash: Uint8Array.from(createHmac("sha256", key).update(token).digest()),
      userId: user.id,
      purpose: "enrol",
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return token;
}

beforeAll(async () => {
  app = await startBuiltApp({ APP_SECRET: secret });
}, 60_000);

afterAll(async () => {
  await stopNodeProcess(app.proc, 5_000);
});

describe("staff sign-in pages in the built app", () => {
  it("renders the sign-in page in three languages, labelled and never cached", async () => {
    for (const [prefix, label] of [
      ["/en", "Email address"],
      ["/ko", "이메일 주소"],
      ["/ja", "メールアドレス"],
    ] as const) {
      const response = await fetch(`${app.baseUrl}${prefix}/admin/sign-in`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toContain("no-store");
      const html = await response.text();
      expect(html).toContain(`<label for="email">${label}</label>`);
      expect(html).toContain('<label for="password">');
      expect(html).toMatch(/<script[^>]+nonce=/);
    }
  });

  it("takes a same-site sign-in post (a generic refusal) and refuses one from another site", async () => {
    const body = new URLSearchParams({
      intent: "password",
      email: "nobody@ngo.example",
      password: "not a password",
    });
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const same = await fetch(`${app.baseUrl}/en/admin/sign-in`, {
      method: "POST",
      body,
      headers: { ...headers, origin: app.baseUrl, "sec-fetch-site": "same-origin" },
    });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain("The email address or password is wrong");
    const cross = await fetch(`${app.baseUrl}/en/admin/sign-in`, {
      method: "POST",
      body,
      headers: { ...headers, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
  }, 60_000);

  it("renders an enrolment link's password step, and a used-up link's explanation", async () => {
    const token = await enrolmentToken("pages@ngo.example");
    const page = await fetch(`${app.baseUrl}/ko/admin/enrol/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("pages@ngo.example");
    expect(html).toContain(`autoComplete="new-password"`);
    const bad = await fetch(`${app.baseUrl}/ko/admin/enrol/${"x".repeat(43)}`);
    expect(bad.status).toBe(410);
    expect(await bad.text()).toContain("이 링크는 쓸 수 없습니다");
  });
});
