import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ResendTransport } from "~/services/email/resend-transport.server";
import { PermanentEmailError, TransientEmailError, type EmailMessage } from "~/services/email/types";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";

let standIn: ResendStandIn;
const KEY = "re_test_transport";

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: KEY });
});
afterAll(async () => {
  await standIn?.close();
});
beforeEach(() => standIn.reset());

const message: EmailMessage = {
  from: "Rollcall <updates@rollcall.invalid>",
  to: "reader@example.org",
  subject: "Hello",
  html: "<p>Hello</p>",
  text: "Hello",
  headers: { "List-Id": "<test.rollcall.invalid>" },
};

function transport(overrides: Partial<ConstructorParameters<typeof ResendTransport>[0]> = {}) {
  return new ResendTransport({
    apiKey: KEY,
    baseUrl: standIn.url,
    maxRequestsPerSecond: 0,
    timeoutMs: 300,
    ...overrides,
  });
}

describe("the Resend transport", () => {
  it("sends a batch through the SDK with its idempotency key and each message's headers", async () => {
    const other = { ...message, to: "other@example.org" };
    const { ids } = await transport().sendBatch([message, other], { idempotencyKey: "batch/1" });
    expect(ids).toHaveLength(2);
    expect(standIn.accepted.map((m) => [m.id, m.to, m.via, m.idempotencyKey])).toEqual([
      [ids[0], ["reader@example.org"], "batch", "batch/1"],
      [ids[1], ["other@example.org"], "batch", "batch/1"],
    ]);
    expect(standIn.accepted[0]?.headers["List-Id"]).toBe("<test.rollcall.invalid>");
  });

  it("treats a request that times out as transient, and nothing is sent", async () => {
    standIn.hangNext(1);
    await expect(transport().sendBatch([message], { idempotencyKey: "batch/2" })).rejects.toBeInstanceOf(
      TransientEmailError,
    );
    expect(standIn.accepted).toHaveLength(0);
  });

  it("treats server errors and concurrent use of a key as transient", async () => {
    standIn.failNext(1, { status: 503 });
    await expect(transport().sendBatch([message], { idempotencyKey: "batch/3" })).rejects.toBeInstanceOf(
      TransientEmailError,
    );
    standIn.failNext(1, {
      status: 409,
      body: { statusCode: 409, name: "concurrent_idempotent_requests", message: "in progress" },
    });
    await expect(transport().sendBatch([message], { idempotencyKey: "batch/4" })).rejects.toBeInstanceOf(
      TransientEmailError,
    );
  });

  it("treats a bad key, a rejected message and a reused key with another payload as permanent", async () => {
    const wrongKey = new ResendTransport({
      apiKey: "re_wrong",
      baseUrl: standIn.url,
      maxRequestsPerSecond: 0,
    });
    await expect(wrongKey.sendBatch([message], { idempotencyKey: "batch/5" })).rejects.toBeInstanceOf(
      PermanentEmailError,
    );
    await expect(
      transport().sendBatch([{ ...message, to: "no-at-sign" }], { idempotencyKey: "batch/6" }),
    ).rejects.toBeInstanceOf(PermanentEmailError);
    await transport().sendBatch([message], { idempotencyKey: "batch/7" });
    const reused = transport().sendBatch([{ ...message, subject: "Changed" }], { idempotencyKey: "batch/7" });
    await expect(reused).rejects.toBeInstanceOf(PermanentEmailError);
    await expect(reused).rejects.toThrow(/invalid_idempotent_request/);
  });

  it("gives up waiting on a rate limit longer than it may wait, leaving the retry to the job", async () => {
    standIn.rateLimitNext(1, 120);
    await expect(transport().sendBatch([message], { idempotencyKey: "batch/8" })).rejects.toBeInstanceOf(
      TransientEmailError,
    );
    expect(standIn.requests.map((r) => r.status)).toEqual([429]);
  });

  it("refuses a batch of more than 100 before calling the provider", async () => {
    const batch = Array.from({ length: 101 }, (_, i) => ({ ...message, to: `r${i}@example.org` }));
    await expect(transport().sendBatch(batch, { idempotencyKey: "batch/9" })).rejects.toBeInstanceOf(
      PermanentEmailError,
    );
    expect(standIn.requests).toHaveLength(0);
  });
});
