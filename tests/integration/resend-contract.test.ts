import { Resend } from "resend";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ResendStandIn, startResendStandIn } from "../stand-ins/resend-stand-in";

// These run the real SDK against the stand-in, so a change in what the SDK sends or how it reads
// answers shows up here rather than as a surprise against the real Resend.

const API_KEY = "re_test_rollcall_contract";

let standIn: ResendStandIn;
let resend: Resend;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY });
  resend = new Resend(API_KEY, { baseUrl: standIn.url });
});

beforeEach(() => {
  standIn.reset();
});

afterAll(async () => {
  await standIn.close();
});

function message(to: string, subject = "Sign the petition on detention in Xinjiang") {
  return {
    from: "Rollcall <campaigns@rollcall.example>",
    to,
    subject,
    html: `<p>Dear supporter (${to})</p>`,
    text: `Dear supporter (${to})`,
  };
}

describe("the Resend SDK against the stand-in", () => {
  it("sends one email, returns its id and records it with its custom headers exactly as given", async () => {
    const headers = {
      "List-Unsubscribe": "<https://rollcall.example/unsubscribe/abc123>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
    const { data, error } = await resend.emails.send({
      ...message("ada@example.org"),
      cc: ["grace@example.org"],
      replyTo: "replies@rollcall.example",
      headers,
      tags: [{ name: "campaign", value: "xinjiang-2025" }],
    });

    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(standIn.accepted).toEqual([
      {
        id: data?.id,
        idempotencyKey: null,
        via: "emails",
        from: "Rollcall <campaigns@rollcall.example>",
        to: ["ada@example.org"],
        cc: ["grace@example.org"],
        replyTo: ["replies@rollcall.example"],
        subject: "Sign the petition on detention in Xinjiang",
        html: "<p>Dear supporter (ada@example.org)</p>",
        text: "Dear supporter (ada@example.org)",
        headers,
        tags: [{ name: "campaign", value: "xinjiang-2025" }],
        receivedAt: expect.any(Number),
      },
    ]);
    expect(standIn.requests).toEqual([
      {
        method: "POST",
        path: "/emails",
        idempotencyKey: null,
        status: 200,
        authorization: `Bearer ${API_KEY}`,
      },
    ]);
  });

  it("sends a batch of 100 and returns 100 ids in the order the emails were given", async () => {
    const emails = Array.from({ length: 100 }, (_, i) => message(`person-${i}@example.org`));
    const { data, error } = await resend.batch.send(emails);

    expect(error).toBeNull();
    const ids = data?.data.map((d) => d.id) ?? [];
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    expect(standIn.accepted.map((a) => a.id)).toEqual(ids);
    expect(standIn.accepted.map((a) => a.to[0])).toEqual(emails.map((e) => e.to));
    expect(standIn.accepted.every((a) => a.via === "batch")).toBe(true);
  });

  it("refuses a batch of 101 with a validation error and sends none of it", async () => {
    const emails = Array.from({ length: 101 }, (_, i) => message(`person-${i}@example.org`));
    const { data, error } = await resend.batch.send(emails);

    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(standIn.accepted).toEqual([]);
  });

  it("refuses a whole batch when one email in it is invalid", async () => {
    const emails = [message("ada@example.org"), message("not-an-address"), message("grace@example.org")];
    const { error } = await resend.batch.send(emails);

    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(error?.message).toContain("emails[1]");
    expect(standIn.accepted).toEqual([]);
  });

  it("refuses an email with neither html nor text, and one to more than 50 addresses", async () => {
    const { html: _html, text: _text, ...bodiless } = message("ada@example.org");
    const noBody = await resend.emails.send({ ...bodiless, text: "" });
    const tooMany = await resend.emails.send({
      ...message("ada@example.org"),
      to: Array.from({ length: 51 }, (_, i) => `person-${i}@example.org`),
    });

    expect(noBody.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(tooMany.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(standIn.accepted).toEqual([]);
  });

  it("answers a repeated single send with the same idempotency key with the same id, sending once", async () => {
    const email = message("Ada@Example.org");
    const first = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });
    const second = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });

    expect(first.data?.id).toEqual(expect.any(String));
    expect(second.data?.id).toBe(first.data?.id);
    expect(standIn.accepted).toHaveLength(1);
    expect(standIn.accepted[0]?.idempotencyKey).toBe("welcome/ada");
    expect(standIn.acceptedCountsByRecipient()).toEqual(new Map([["ada@example.org", 1]]));
    expect(standIn.requests.map((r) => [r.idempotencyKey, r.status])).toEqual([
      ["welcome/ada", 200],
      ["welcome/ada", 200],
    ]);
  });

  it("answers a repeated batch with the same idempotency key with the same ids, sending once", async () => {
    const emails = [message("ada@example.org"), message("grace@example.org")];
    const first = await resend.batch.send(emails, { idempotencyKey: "digest/2025-06-01" });
    const second = await resend.batch.send(emails, { idempotencyKey: "digest/2025-06-01" });

    expect(first.data?.data).toHaveLength(2);
    expect(second.data?.data).toEqual(first.data?.data);
    expect(standIn.accepted).toHaveLength(2);
  });

  it("refuses the same idempotency key with a different payload", async () => {
    await resend.emails.send(message("ada@example.org"), { idempotencyKey: "welcome/ada" });
    const { data, error } = await resend.emails.send(message("ada@example.org", "A different subject"), {
      idempotencyKey: "welcome/ada",
    });

    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    expect(standIn.accepted).toHaveLength(1);
  });

  it("refuses an idempotency key longer than 256 characters", async () => {
    const { error } = await resend.emails.send(message("ada@example.org"), {
      idempotencyKey: "k".repeat(257),
    });

    expect(error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
    expect(standIn.accepted).toEqual([]);
  });

  it("lets only one of two concurrent same-key requests through, then replays its id", async () => {
    standIn.setLatency(300);
    const email = message("ada@example.org");
    const results = await Promise.all([
      resend.emails.send(email, { idempotencyKey: "welcome/ada" }),
      resend.emails.send(email, { idempotencyKey: "welcome/ada" }),
    ]);

    const succeeded = results.filter((r) => r.data !== null);
    const refused = results.filter((r) => r.error !== null);
    expect(succeeded).toHaveLength(1);
    expect(refused.map((r) => r.error)).toEqual([
      expect.objectContaining({ statusCode: 409, name: "concurrent_idempotent_requests" }),
    ]);
    expect(standIn.accepted).toHaveLength(1);

    standIn.setLatency(0);
    const retry = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });
    expect(retry.data?.id).toBe(succeeded[0]?.data?.id);
    expect(standIn.accepted).toHaveLength(1);
  });

  it("reports a rate limit as a 429 error whose headers carry retry-after", async () => {
    standIn.rateLimitNext(1, 7);
    const { data, error, headers } = await resend.emails.send(message("ada@example.org"));

    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(headers).toMatchObject({ "retry-after": "7", "ratelimit-remaining": "0" });
    expect(standIn.accepted).toEqual([]);
  });

  it("reports a server failure as an error, sends nothing, and a retry with the same key sends once", async () => {
    standIn.failNext(1, { status: 500 });
    const email = message("ada@example.org");
    const failed = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });

    expect(failed.error).toMatchObject({ statusCode: 500 });
    expect(standIn.accepted).toEqual([]);

    const retried = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });
    const again = await resend.emails.send(email, { idempotencyKey: "welcome/ada" });
    expect(retried.error).toBeNull();
    expect(again.data?.id).toBe(retried.data?.id);
    expect(standIn.accepted).toHaveLength(1);
    expect(standIn.requests.map((r) => r.status)).toEqual([500, 200, 200]);
  });

  it("returns an error, without throwing, when a request hangs past the caller's timeout", async () => {
    standIn.hangNext(1);
    const { data, error } = await resend.emails.send(message("ada@example.org"), {
      signal: AbortSignal.timeout(200),
    });

    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: null, name: "application_error" });
    expect(standIn.accepted).toEqual([]);
    expect(standIn.requests.map((r) => r.status)).toEqual([0]);
  });

  it("refuses a wrong API key with 403", async () => {
    const impostor = new Resend("re_test_wrong_key", { baseUrl: standIn.url });
    const { data, error } = await impostor.emails.send(message("ada@example.org"));

    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
    expect(standIn.accepted).toEqual([]);
  });
});
