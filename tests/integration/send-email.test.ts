import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "~/jobs/registry.server";
import { sendEmailJob } from "~/jobs/send-email.server";
import { findDelivery, queueEmail } from "~/models/email-delivery.server";
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
    const message = (await listOutboxMessages()).find((m) => m.to.includes("min.ji@example.org"));
    expect(message?.to).toEqual(["min.ji@example.org"]);
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

  it("sends nothing to an address that hard-bounced", async () => {
    await suppressAddress("gone@example.org", "hard_bounce");
    const id = await queueTestEmail("gone@example.org");
    await expect.poll(async () => (await findDelivery(id))?.status, { timeout: 10_000 }).toBe("suppressed");
    expect((await listOutboxMessages()).some((m) => m.to.includes("gone@example.org"))).toBe(false);
  });
});
