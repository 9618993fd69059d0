// The email outbox of a production demo (no email provider, EMAIL_OUTBOX_IN_PRODUCTION=allow)
// shows every signer's address and live links: only a signed-in owner or admin may open it.
import { beforeAll, describe, expect, it } from "vitest";
import { loader as outboxMessage } from "~/routes/dev.outbox.$id";
import { loader as outboxHtml } from "~/routes/dev.outbox.$id_.html";
import { action as outboxAction, loader as outboxPage } from "~/routes/dev.outbox._index";
import { loader as outboxJson } from "~/routes/dev.outbox[.json]";
import { getEnv } from "~/utils/env.server";
import { getPrisma } from "~/utils/db.server";
import { randomAppSecret } from "../../support/fanout-fixture";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

beforeAll(() => {
  // Before anything reads the environment: this file runs as a production demo on loopback.
  Object.assign(process.env, {
    NODE_ENV: "production",
    EMAIL_OUTBOX_IN_PRODUCTION: "allow",
    APP_SECRET: randomAppSecret(),
  });
  delete process.env.RESEND_API_KEY;
});

let messageId: string;

beforeAll(async () => {
  const message = await getPrisma().outboxMessage.create({
    data: {
      from: "a@ngo.example",
      to: ["signer@example.org"],
      subject: "Confirm",
      html: "<p>x</p>",
      text: "x",
    },
  });
  messageId = message.id;
});

async function outcome(call: () => Promise<unknown>): Promise<number> {
  try {
    const result = await call();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function every(as: SignedIn | null) {
  const args = { params: { id: messageId }, context: TEST_CONTEXT };
  const get = (path: string) => staffRequest(path, as);
  return {
    page: () => outboxPage({ request: get("/dev/outbox"), ...args }),
    json: () => outboxJson({ request: get("/dev/outbox.json"), ...args }),
    message: () => outboxMessage({ request: get(`/dev/outbox/${messageId}`), ...args }),
    html: () => outboxHtml({ request: get(`/dev/outbox/${messageId}/html`), ...args }),
  };
}

describe("the outbox of a production demo", () => {
  it("is a production outbox", () => {
    expect([getEnv().NODE_ENV, getEnv().emailTransport, getEnv().demo.outbox]).toEqual([
      "production",
      "outbox",
      true,
    ]);
  });

  it("sends a visitor without a session to sign in, and refuses a campaigner", async () => {
    for (const [name, call] of Object.entries(every(null))) {
      expect([name, await outcome(call)]).toEqual([name, 302]);
    }
    const campaigner = await signedInStaff("campaigner");
    for (const [name, call] of Object.entries(every(campaigner))) {
      expect([name, await outcome(call)]).toEqual([name, 403]);
    }
  });

  it("shows every message to an owner or admin", async () => {
    for (const role of ["owner", "admin"] as const) {
      const as = await signedInStaff(role);
      for (const [name, call] of Object.entries(every(as))) {
        expect([role, name, await outcome(call)]).toEqual([role, name, 200]);
      }
      const page = await every(as).page();
      expect(page.messages.map((m) => m.to)).toEqual(["signer@example.org"]);
      expect(page.csrfToken).toBe(as.csrf);
    }
  });

  it("takes a test email only with the admin session's CSRF token", async () => {
    const admin = await signedInStaff("admin");
    const form = { email: "someone@example.org" };
    const args = { params: {}, context: TEST_CONTEXT };
    const forged = staffRequest("/dev/outbox?index", admin, form, { csrf: null });
    expect(await outcome(() => outboxAction({ request: forged, ...args }))).toBe(403);
    const posted = staffRequest("/dev/outbox?index", admin, form);
    expect(await outcome(() => outboxAction({ request: posted, ...args }))).toBe(302);
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: "someone@example.org" } })).toBe(1);
  });
});
