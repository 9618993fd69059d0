// Resend refuses a whole batch (422 validation_error, strict validation) when one message in it is
// invalid. One signer's malformed address must not fail 99 other confirmations: the batch is sent
// again without it, and only that delivery is marked failed. Nothing is sent twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEmailJob } from "~/jobs/send-email.server";
import { deliverBatch } from "~/models/email-batch.server";
import { queueEmail } from "~/models/email-delivery.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";

const API_KEY = "re_test_bad_address";
// Our forms would refuse it, but addresses also arrive from elsewhere (imports, older data);
// Resend refuses a domain without a dot.
const MALFORMED = "reader-37@localhost";

let standIn: ResendStandIn;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY });
  // Before anything reads the environment: this file sends through Resend (the stand-in).
  process.env.RESEND_API_KEY = API_KEY;
  process.env.RESEND_BASE_URL = standIn.url;
  process.env.RESEND_MAX_RPS = "0";
  expect(getEnv().emailTransport).toBe("resend");
});

afterAll(async () => {
  await standIn?.close();
});

function batchRequests() {
  return standIn.requests.filter((r) => r.path === "/emails/batch");
}

describe("a transactional batch with one malformed address", () => {
  it("sends the other 99 confirmations and fails only that one", async () => {
    const addresses = Array.from({ length: 100 }, (_, i) =>
      i === 37 ? MALFORMED : `reader-${i}@example.org`,
    );
    const ids: string[] = [];
    for (const toEmail of addresses) {
      ids.push(
        await getPrisma().$transaction((tx) => queueEmail(tx, { kind: "test-email", toEmail, locale: "en" })),
      );
    }

    await sendEmailJob.run({ deliveryId: ids[0]! });

    const deliveries = await getPrisma().emailDelivery.findMany({ where: { id: { in: ids } } });
    const failed = deliveries.filter((d) => d.status === "failed");
    expect(failed.map((d) => d.toEmail)).toEqual([MALFORMED]);
    expect(failed[0]?.error).toMatch(/Resend refused the message: .*`to`/);
    expect(deliveries.filter((d) => d.status === "sent")).toHaveLength(99);

    const counts = standIn.acceptedCountsByRecipient();
    expect(counts.size).toBe(99);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.has(MALFORMED)).toBe(false);
    // Each sent delivery records the id Resend gave its own message.
    const idByRecipient = new Map(standIn.accepted.map((m) => [m.to[0], m.id]));
    for (const delivery of deliveries.filter((d) => d.status === "sent")) {
      expect(delivery.providerMessageId).toBe(idByRecipient.get(delivery.toEmail));
    }
    // The batch refused whole, then the same batch sent leaving out what Resend refuses.
    const [strict, permissive] = batchRequests();
    expect(batchRequests().map((r) => r.status)).toEqual([422, 200]);
    expect(permissive?.idempotencyKey).toBe(`${strict?.idempotencyKey}/valid-only`);
  });

  it("repeats the same requests after a crash before the outcome was recorded, sending nobody twice", async () => {
    standIn.reset();
    const rows = await getPrisma().$transaction(async (tx) => [
      await queueEmail(tx, { kind: "test-email", toEmail: "ada@example.org", locale: "en" }),
      await queueEmail(tx, { kind: "test-email", toEmail: "nobody@localhost", locale: "en" }),
      await queueEmail(tx, { kind: "test-email", toEmail: "grace@example.org", locale: "en" }),
    ]);
    const batchKey = "transactional/test-crash";
    const entries = ["ada@example.org", "nobody@localhost", "grace@example.org"].map((to, i) => ({
      deliveryId: rows[i]!,
      message: {
        from: "Rollcall <updates@rollcall.example>",
        to,
        subject: "Hello",
        html: "<p>Hi</p>",
        text: "Hi",
      },
    }));
    const claim = () =>
      getPrisma().emailDelivery.updateMany({
        where: { id: { in: rows } },
        data: { status: "sending", batchKey },
      });
    const outcome = async () =>
      (
        await getPrisma().emailDelivery.findMany({ where: { id: { in: rows } }, orderBy: { toEmail: "asc" } })
      ).map((d) => [d.toEmail, d.status, d.providerMessageId]);

    await claim();
    await deliverBatch(batchKey, entries);
    const first = await outcome();
    expect(first.map(([to, status]) => [to, status])).toEqual([
      ["ada@example.org", "sent"],
      ["grace@example.org", "sent"],
      ["nobody@localhost", "failed"],
    ]);

    // The worker died after Resend answered but before the outcome was stored: all three are
    // still "sending", and the stored request is sent again as it was.
    await claim();
    await deliverBatch(batchKey, entries);
    expect(await outcome()).toEqual(first);
    expect(standIn.accepted).toHaveLength(2);
  });
});
