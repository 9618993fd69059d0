import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prepareBatch, sendUpdateJob, updateForEmail } from "~/jobs/send-update.server";
import { suppressAddress } from "~/models/suppression.server";
import { unsubscribe } from "~/models/subscription.server";
import {
  claimUpdateBatch,
  continueUpdateSend,
  loadUpdateForSending,
  planUpdateDeliveries,
  startUpdateSend,
} from "~/models/update-send.server";
import { getEmailTransport } from "~/services/email/index.server";
import { RequestSpacer } from "~/services/email/request-spacer";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
import { expectErrorLog } from "../support/error-logs";
import { createSubscription } from "../support/subscribers";

let standIn: ResendStandIn;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: "re_test_fanout" });
  // Before anything reads the environment: this file sends through Resend, i.e. the stand-in.
  process.env.RESEND_API_KEY = "re_test_fanout";
  process.env.RESEND_BASE_URL = standIn.url;
  process.env.RESEND_MAX_RPS = "0";
});

afterAll(async () => {
  await standIn?.close();
});

beforeEach(() => {
  standIn.reset();
});

const LOCALES = ["en", "ko", "ja"] as const;

async function updateWithSubscribers(count: number, slug: string) {
  const campaign = await createCampaign({ slug });
  const subscriptions = [];
  for (let i = 0; i < count; i++) {
    subscriptions.push(
      await createSubscription({
        email: `${slug}-${i}@example.org`,
        campaignId: campaign.id,
        locale: LOCALES[i % 3],
      }),
    );
  }
  const update = await getPrisma().update.create({
    data: {
      campaignId: campaign.id,
      translations: {
        create: LOCALES.map((locale) => ({
          locale,
          subject: `Council vote result (${locale})`,
          body: `First paragraph (${locale}).\n\nSecond paragraph.`,
        })),
      },
    },
  });
  return { update, subscriptions };
}

/** What a worker does: run the job until the update is sent (each run is one chunk). */
async function runUntilSent(updateId: string) {
  for (let run = 0; run < 50; run++) {
    const { status } = await getPrisma().update.findUniqueOrThrow({ where: { id: updateId } });
    if (status === "sent") return;
    await sendUpdateJob.run({ updateId });
  }
  throw new Error("the update never finished sending");
}

describe("sending an update to subscribers", () => {
  it("sends each subscriber exactly one message, in their language, with one-click unsubscribe headers", async () => {
    const { update } = await updateWithSubscribers(230, "all-once");
    expect(await startUpdateSend(update.id)).toBe(true);
    expect(await startUpdateSend(update.id)).toBe(false);
    await runUntilSent(update.id);

    const counts = standIn.acceptedCountsByRecipient();
    expect(counts.size).toBe(230);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(standIn.requests.filter((r) => r.path === "/emails/batch")).toHaveLength(3);
    const korean = standIn.accepted.find((m) => m.to[0] === "all-once-1@example.org");
    expect(korean?.subject).toBe("Council vote result (ko)");
    expect(korean?.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/[^>]+\/ko\/unsubscribe\/[A-Za-z0-9_-]{44}>$/,
    );
    expect(korean?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(korean?.headers["List-Id"]).toMatch(/^<all-once\.[^>]+>$/);
    expect(korean?.text).toContain("First paragraph (ko).");
    const rows = await getPrisma().emailDelivery.groupBy({
      by: ["status"],
      where: { updateId: update.id },
      _count: true,
    });
    expect(rows).toEqual([{ status: "sent", _count: 230 }]);
  });

  it("keeps at most one queued chunk per update, so a crash cannot start a second chain", async () => {
    const { update } = await updateWithSubscribers(2, "one-chain");
    await startUpdateSend(update.id);
    await continueUpdateSend(update.id);
    await continueUpdateSend(update.id);
    const queued = await getPrisma().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'send-update' AND singleton_key = ${update.id} AND state = 'created'`;
    expect(queued[0]?.n).toBe(1);
  });

  it("skips an address that is suppressed", async () => {
    const { update } = await updateWithSubscribers(5, "suppressed");
    await suppressAddress("suppressed-2@example.org", "complaint");
    await startUpdateSend(update.id);
    await runUntilSent(update.id);
    expect(standIn.acceptedCountsByRecipient().has("suppressed-2@example.org")).toBe(false);
    expect(standIn.accepted).toHaveLength(4);
  });

  it("honours an unsubscribe that arrives while the send is running", async () => {
    const { update, subscriptions } = await updateWithSubscribers(250, "mid-send");
    standIn.setLatency(300);
    await startUpdateSend(update.id);
    const sending = runUntilSent(update.id);
    // Once the first batch is out, someone whose message has not been sent yet unsubscribes.
    await expect.poll(() => standIn.accepted.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const queued = await getPrisma().emailDelivery.findFirstOrThrow({
      where: { updateId: update.id, status: "queued" },
    });
    const leaver = subscriptions.find((s) => s.id === queued.subscriptionId)!;
    await unsubscribe(leaver.id, "one-click");
    await sending;

    expect(standIn.acceptedCountsByRecipient().has(queued.toEmail)).toBe(false);
    expect(standIn.accepted).toHaveLength(249);
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe(
      "suppressed",
    );
  });

  it("re-sends a batch whose outcome was lost with the same key, so no one gets a second copy", async () => {
    const { update } = await updateWithSubscribers(150, "resume");
    await startUpdateSend(update.id);
    await planUpdateDeliveries(update.id, update.campaignId);
    const loaded = (await loadUpdateForSending(update.id))!;
    await getPrisma().update.update({ where: { id: update.id }, data: { deliveriesPlannedAt: new Date() } });

    // A crash between the provider accepting a batch and us recording it: the batch was sent,
    // its rows are still `sending`.
    const batchKey = (await claimUpdateBatch(update.id, 100))!;
    const entries = await prepareBatch(updateForEmail(loaded), batchKey);
    await getEmailTransport().sendBatch(
      entries.map((entry) => entry.message),
      { idempotencyKey: batchKey },
    );
    expect(standIn.accepted).toHaveLength(100);

    // Meanwhile a campaigner corrects the text: the lost batch must still be resent exactly as it
    // was first sent, or the provider would refuse it as a different request under the same key.
    await getPrisma().updateTranslation.updateMany({
      where: { updateId: update.id },
      data: { body: "Corrected." },
    });

    await runUntilSent(update.id);
    const counts = standIn.acceptedCountsByRecipient();
    expect(counts.size).toBe(150);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The job did send that batch again, and the provider recognised it.
    expect(standIn.requests.filter((r) => r.idempotencyKey === batchKey && r.status === 200)).toHaveLength(2);
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id, status: "sent" } })).toBe(
      150,
    );
    expect(await getPrisma().emailBatch.count()).toBe(0);
    // Batches sent after the correction carry it.
    const later = standIn.accepted.filter((m) => !m.text?.includes("First paragraph"));
    expect(later).toHaveLength(50);
  });

  it("waits out a 429 with retry-after and carries on", async () => {
    const { update } = await updateWithSubscribers(3, "rate-limited");
    standIn.rateLimitNext(1, 1);
    // How long a paused spacer holds its callers is RequestSpacer's own test; here, that the 429
    // paused the spacer for its retry-after and the retry waited on that same spacer.
    const pauses = vi.spyOn(RequestSpacer.prototype, "pause");
    const waits = vi.spyOn(RequestSpacer.prototype, "wait");
    await startUpdateSend(update.id);
    await runUntilSent(update.id);
    expect(standIn.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(standIn.accepted).toHaveLength(3);
    expect(pauses.mock.calls).toEqual([[1_000]]);
    const [paused] = pauses.mock.contexts;
    expect(waits.mock.contexts).toHaveLength(2);
    expect(waits.mock.contexts.filter((spacer) => spacer !== paused)).toEqual([]);
  });

  it("retries after a provider outage without sending twice", async () => {
    const { update } = await updateWithSubscribers(3, "outage");
    standIn.failNext(1, { status: 500 });
    await startUpdateSend(update.id);
    await expect(sendUpdateJob.run({ updateId: update.id })).rejects.toThrow(/Resend 500/);
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id, status: "sending" } })).toBe(
      3,
    );
    await runUntilSent(update.id);
    expect(standIn.accepted).toHaveLength(3);
  });

  it("records a batch the provider rejects for good, and finishes the rest", async () => {
    const { update } = await updateWithSubscribers(3, "rejected");
    // Refused whole, and refused again when sent leaving out invalid messages: every one is.
    standIn.failNext(2, {
      status: 422,
      body: { statusCode: 422, name: "validation_error", message: "bad from" },
    });
    expectErrorLog("update batch rejected", { errorMessage: "Resend 422 validation_error: bad from" });
    await startUpdateSend(update.id);
    await runUntilSent(update.id);
    const rows = await getPrisma().emailDelivery.findMany({ where: { updateId: update.id } });
    expect(rows.map((row) => row.status)).toEqual(["failed", "failed", "failed"]);
    expect(rows[0]?.error).toMatch(/validation_error/);
  });
});
