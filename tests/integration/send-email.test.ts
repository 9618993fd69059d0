import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "~/jobs/registry.server";
import { sendEmailJob } from "~/jobs/send-email.server";
import { claimTransactionalBatch, findDelivery, queueEmail } from "~/models/email-delivery.server";
import { listOutboxMessages } from "~/models/outbox.server";
import { suppressAddress } from "~/models/suppression.server";
import { startWorker, type RunningWorker } from "~/services/worker.server";
import { getPrisma } from "~/utils/db.server";

async function queueTestEmail(to: string) {
  return getPrisma().$transaction((tx) => queueEmail(tx, { kind: "test-email", toEmail: to, locale: "ko" }));
}

async function jobCount(): Promise<number> {
  const rows = await getPrisma().$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'send-email'`;
  return rows[0]!.n;
}

describe("queueing a transactional email", () => {
  it("queues the job with the row that caused it, and not at all when that transaction rolls back", async () => {
    const before = await jobCount();
    await expect(
      getPrisma().$transaction(async (tx) => {
        await queueEmail(tx, { kind: "test-email", toEmail: "rolled@example.org", locale: "en" });
        throw new Error("the signature insert failed");
      }),
    ).rejects.toThrow("the signature insert failed");
    expect(await jobCount()).toBe(before);
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: "rolled@example.org" } })).toBe(0);

    await queueTestEmail("kept@example.org");
    expect(await jobCount()).toBe(before + 1);
  });
});

describe("the send-email job, with the local outbox", () => {
  let worker: RunningWorker;

  beforeAll(async () => {
    worker = await startWorker({
      databaseUrl: process.env.DATABASE_URL!,
      jobs: JOBS,
      maxConcurrency: 2,
      maintenanceIntervalSeconds: 30,
      pollingIntervalSeconds: 0.5,
    });
  });

  afterAll(async () => {
    await worker?.stop(5_000);
  });

  it("delivers a queued test email to the outbox, in the recipient's language, with a plain-text part", async () => {
    const id = await queueTestEmail("Min.Ji@Example.org");
    await expect.poll(async () => (await findDelivery(id))?.status, { timeout: 10_000 }).toBe("sent");
    // The domain is lower-cased; the part before the @ is the mail server's and is kept as typed.
    const message = (await listOutboxMessages()).find((m) => m.to.includes("Min.Ji@example.org"));
    expect(message?.to).toEqual(["Min.Ji@example.org"]);
    expect(message?.subject).toContain("테스트");
    expect(message?.text.length).toBeGreaterThan(50);
    expect(message?.html).toContain('lang="ko"');
  });

  it("stores a message once even when the job runs twice", async () => {
    const id = await queueTestEmail("twice@example.org");
    await expect.poll(async () => (await findDelivery(id))?.status, { timeout: 10_000 }).toBe("sent");
    // A second run, as after a crash between sending and recording: the idempotency key holds.
    await getPrisma().emailDelivery.update({ where: { id }, data: { status: "queued" } });
    await sendEmailJob.run({ deliveryId: id });
    const copies = (await listOutboxMessages()).filter((m) => m.to.includes("twice@example.org"));
    expect(copies).toHaveLength(1);
  });

  it("sends waiting emails together, up to 100 per provider request, each exactly once", async () => {
    // 250 confirmations arrive at once, as when a petition goes viral.
    const ids = await getPrisma().$transaction(async (tx) => {
      const queued: string[] = [];
      for (let i = 0; i < 250; i++) {
        queued.push(
          await queueEmail(tx, { kind: "test-email", toEmail: `viral-${i}@example.org`, locale: "en" }),
        );
      }
      return queued;
    });
    await expect
      .poll(async () => getPrisma().emailDelivery.count({ where: { id: { in: ids }, status: "sent" } }), {
        timeout: 30_000,
      })
      .toBe(250);
    const messages = await getPrisma().outboxMessage.findMany({
      where: { to: { hasSome: ids.map((_, i) => `viral-${i}@example.org`) } },
      select: { to: true, idempotencyKey: true },
    });
    expect(new Set(messages.map((m) => m.to[0])).size).toBe(250);
    expect(messages).toHaveLength(250);
    // Outbox keys are "<batch key>#<index>": one batch key per provider request.
    const requests = new Set(messages.map((m) => m.idempotencyKey!.split("#")[0]));
    // Full batches, plus at most one short batch per job that claimed at the same moment.
    expect(requests.size).toBeLessThanOrEqual(3 + 1);
  });

  it("sends nothing to an address that hard-bounced", async () => {
    await suppressAddress("gone@example.org", "hard_bounce");
    const id = await queueTestEmail("gone@example.org");
    await expect.poll(async () => (await findDelivery(id))?.status, { timeout: 10_000 }).toBe("suppressed");
    expect((await listOutboxMessages()).some((m) => m.to.includes("gone@example.org"))).toBe(false);
  });
});

describe("a batch of transactional emails", () => {
  it("is sent by the job that claimed it; the others' jobs find their emails taken", async () => {
    const ids = await getPrisma().$transaction(async (tx) =>
      Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          queueEmail(tx, { kind: "test-email", toEmail: `batch-${i}@example.org`, locale: "ja" }),
        ),
      ),
    );
    const owner = ids[2]!;
    const batchKey = await claimTransactionalBatch(owner);
    expect(await claimTransactionalBatch(ids[0]!)).toBe(batchKey);
    // Another delivery's job: its email is in the owner's batch, so it sends nothing itself.
    await sendEmailJob.run({ deliveryId: ids[0]! });
    const outboxFor = async () =>
      getPrisma().outboxMessage.findMany({
        where: { to: { hasSome: ids.map((_, i) => `batch-${i}@example.org`) } },
      });
    expect(await outboxFor()).toHaveLength(0);
    await sendEmailJob.run({ deliveryId: owner });
    expect(await outboxFor()).toHaveLength(5);
    const statuses = await getPrisma().emailDelivery.findMany({
      where: { id: { in: ids } },
      select: { status: true },
    });
    expect(statuses.every((d) => d.status === "sent")).toBe(true);

    // The owner's job runs again as if its record of the send had been lost: the same request
    // under the same key, which the provider (here the outbox) recognises. No second copies.
    await getPrisma().emailDelivery.updateMany({ where: { id: { in: ids } }, data: { status: "sending" } });
    await sendEmailJob.run({ deliveryId: owner });
    expect(await outboxFor()).toHaveLength(5);
    expect(await claimTransactionalBatch(owner)).toBeNull();
  });
});
