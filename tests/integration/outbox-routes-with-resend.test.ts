import { beforeAll, describe, expect, it } from "vitest";
import { loader as outboxJson } from "~/routes/dev.outbox[.json]";
import { loader as outboxPage } from "~/routes/dev.outbox._index";
import { loader as outboxMessage } from "~/routes/dev.outbox.$id";
import { getEnv } from "~/utils/env.server";

beforeAll(() => {
  // Before anything reads the environment: this file runs as a deployment with Resend.
  process.env.RESEND_API_KEY = "re_live_example";
});

async function statusOf(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
    return 200;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : undefined;
  }
}

describe("the dev outbox, when email really goes out through Resend", () => {
  it("does not exist: every outbox route is a 404", async () => {
    expect(getEnv().emailTransport).toBe("resend");
    const args = {
      params: { id: "00000000-0000-0000-0000-000000000000" },
      context: { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" },
    };
    const request = new Request("http://127.0.0.1/dev/outbox");
    expect(await statusOf(() => outboxJson({ request, ...args }))).toBe(404);
    expect(await statusOf(() => outboxPage({ request, ...args }))).toBe(404);
    expect(await statusOf(() => outboxMessage({ request, ...args }))).toBe(404);
  });
});
