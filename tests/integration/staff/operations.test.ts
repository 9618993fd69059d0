import { describe, expect, it } from "vitest";
import { claimTransactionalBatch, queueEmail } from "~/models/email-delivery.server";
import { recordJobFailure } from "~/models/job-failure.server";
import { SWEPT_ERROR } from "~/models/operations.server";
import { action, loader } from "~/routes/($lang).admin.operations";
import { getPrisma } from "~/utils/db.server";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

const PATH = "/en/admin/operations";
const params = { lang: "en" };

function post(as: SignedIn, form: Record<string, string | string[]>) {
  return action({ request: staffRequest(PATH, as, form), params, context: TEST_CONTEXT });
}

async function load(as: SignedIn) {
  return loader({ request: staffRequest(PATH, as), params, context: TEST_CONTEXT });
}

async function jobStates(deliveryId: string): Promise<string[]> {
  const rows = await getPrisma().$queryRaw<{ state: string }[]>`
    SELECT state::text FROM pgboss.job WHERE name = 'send-email' AND data->>'deliveryId' = ${deliveryId}
    ORDER BY created_on`;
  return rows.map((row) => row.state);
}

async function queue(to: string): Promise<string> {
  return getPrisma().$transaction((tx) => queueEmail(tx, { kind: "test-email", toEmail: to, locale: "en" }));
}

/**
 * A transactional batch whose owner's job gave up: both emails claimed (status sending) two hours
 * ago, and every job of the owner failed. The other email's own job is still queued, as in life.
 */
async function stuckBatch(prefix: string) {
  const owner = await queue(`${prefix}-owner@example.org`);
  const other = await queue(`${prefix}-other@example.org`);
  await getPrisma().emailDelivery.updateMany({
    where: { status: "queued", id: { notIn: [owner, other] } },
    data: { status: "failed" },
  });
  const batchKey = (await claimTransactionalBatch(owner))!;
  await getPrisma().emailDelivery.updateMany({
    where: { batchKey },
    data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
  });
  await getPrisma().$executeRaw`
    UPDATE pgboss.job SET state = 'failed' WHERE name = 'send-email' AND data->>'deliveryId' = ${owner}`;
  return { owner, other, batchKey };
}

describe("failed jobs", () => {
  it("retries a failure as a new job of its queue, and dismisses another; both audited and gone", async () => {
    const admin = await signedInStaff("admin");
    const deliveryId = "11111111-1111-4111-8111-111111111111";
    await recordJobFailure({
      queue: "send-email",
      jobId: "job-1",
      reason: "boom",
      attempts: 9,
      data: { deliveryId },
    });
    await recordJobFailure({
      queue: "send-update",
      jobId: "job-2",
      reason: "bad data",
      attempts: 1,
      data: {},
    });
    const page = await load(admin);
    expect(page.failures.map((f) => [f.queue, f.reason])).toEqual([
      ["send-update", "bad data"],
      ["send-email", "boom"],
    ]);
    const [dismissed, retried] = page.failures;

    expect(await post(admin, { intent: "retry", id: retried!.id })).toMatchObject({
      done: { intent: "retry" },
    });
    expect(await jobStates(deliveryId)).toEqual(["created"]);
    expect(await post(admin, { intent: "dismiss", id: dismissed!.id })).toMatchObject({
      done: { intent: "dismiss" },
    });
    expect(await getPrisma().jobFailure.count()).toBe(0);

    const audit = await getPrisma().auditLog.findMany({
      where: { actorId: admin.userId },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.targetId])).toEqual([
      ["job.retried", retried!.id],
      ["job.dismissed", dismissed!.id],
    ]);
    expect(audit[1]!.details).toMatchObject({ queue: "send-update", reason: "bad data" });
    // Gone: a second click is a 404, not a second job.
    const again = await post(admin, { intent: "retry", id: retried!.id }).catch((e: unknown) => e);
    expect((again as Response).status).toBe(404);
    expect(await jobStates(deliveryId)).toEqual(["created"]);
  });

  it("does not retry a failure whose queue no longer exists", async () => {
    const admin = await signedInStaff("owner");
    await recordJobFailure({ queue: "retired-queue", jobId: "j", reason: "old", attempts: 1, data: {} });
    const failure = await getPrisma().jobFailure.findFirstOrThrow({ where: { queue: "retired-queue" } });
    const refused = await post(admin, { intent: "retry", id: failure.id.toString() }).catch(
      (e: unknown) => e,
    );
    expect((refused as Response).status).toBe(404);
    expect(await getPrisma().jobFailure.count({ where: { queue: "retired-queue" } })).toBe(1);
  });
});

describe("emails stuck in sending", () => {
  it("lists only those whose batch owner's job gave up, masked for a viewer", async () => {
    const { owner, other } = await stuckBatch("listed");
    // Claimed long ago, but its job is still waiting: not stuck.
    const alive = await queue("alive@example.org");
    await claimTransactionalBatch(alive);
    await getPrisma().emailDelivery.update({
      where: { id: alive },
      data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    const viewer = await signedInStaff("viewer");
    const page = await load(viewer);
    expect(page.canAct).toBe(false);
    const listed = page.stuck.filter((row) => [owner, other, alive].includes(row.id));
    expect(listed.map((row) => [row.id, row.to]).sort()).toEqual(
      [
        [owner, "l•••@example.org"],
        [other, "l•••@example.org"],
      ].sort(),
    );
    const admin = await signedInStaff("admin");
    expect((await load(admin)).stuck.find((row) => row.id === owner)?.to).toBe("listed-owner@example.org");
  });

  it("requeues a batch through its owner, so the stored request is repeated under the same key", async () => {
    const { owner, other, batchKey } = await stuckBatch("requeue");
    const admin = await signedInStaff("admin");
    const result = await post(admin, { intent: "requeue", ids: [owner, other] });
    expect(result).toMatchObject({ done: { intent: "requeue", count: 2 } });
    expect(await jobStates(owner)).toEqual(["failed", "created"]);
    const rows = await getPrisma().emailDelivery.findMany({ where: { id: { in: [owner, other] } } });
    expect(rows.every((row) => row.status === "sending" && row.batchKey === batchKey)).toBe(true);
    // With a live job again, they are no longer stuck.
    expect((await load(admin)).stuck.some((row) => row.id === owner || row.id === other)).toBe(false);
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { actorId: admin.userId } });
    expect([audit.action, audit.details]).toMatchObject(["email.swept", { outcome: "requeued", changed: 2 }]);
  });

  it("puts an email back in the queue when its batch's owner let go and nothing was stored to send", async () => {
    const { owner, other } = await stuckBatch("orphan");
    await getPrisma().emailDelivery.update({ where: { id: owner }, data: { status: "suppressed" } });
    const admin = await signedInStaff("admin");
    expect(await post(admin, { intent: "requeue", ids: [other] })).toMatchObject({ done: { count: 1 } });
    const row = await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: other } });
    expect([row.status, row.batchKey]).toEqual(["queued", null]);
    expect((await jobStates(other)).at(-1)).toBe("created");
  });

  it("sweeps stuck emails to failed, audited, and leaves a live one alone", async () => {
    const { owner, other, batchKey } = await stuckBatch("sweep");
    await getPrisma().emailBatch.create({ data: { batchKey, entries: new Uint8Array([1]) } });
    const alive = await queue("sweep-alive@example.org");
    await claimTransactionalBatch(alive);
    const admin = await signedInStaff("admin");
    const result = await post(admin, { intent: "sweep", ids: [owner, other, alive] });
    expect(result).toMatchObject({ done: { intent: "sweep", count: 2 } });
    const rows = await getPrisma().emailDelivery.findMany({ where: { id: { in: [owner, other, alive] } } });
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.status, row.error]]))).toEqual({
      [owner]: ["failed", SWEPT_ERROR],
      [other]: ["failed", SWEPT_ERROR],
      [alive]: ["sending", null],
    });
    // Nothing of the batch is left to send, so its stored request goes too.
    expect(await getPrisma().emailBatch.count({ where: { batchKey } })).toBe(0);
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { actorId: admin.userId } });
    expect([audit.action, audit.details]).toMatchObject(["email.swept", { outcome: "failed", changed: 2 }]);
  });

  it("lets only owners and admins act: a viewer or campaigner gets 403 and nothing changes", async () => {
    const { owner } = await stuckBatch("refused");
    await recordJobFailure({ queue: "send-email", jobId: "x", reason: "r", attempts: 1, data: {} });
    const failure = await getPrisma().jobFailure.findFirstOrThrow({ where: { jobId: "x" } });
    for (const role of ["viewer", "campaigner"] as const) {
      const as = await signedInStaff(role);
      const forms: Record<string, string | string[]>[] = [
        { intent: "sweep", ids: [owner] },
        { intent: "requeue", ids: [owner] },
        { intent: "retry", id: failure.id.toString() },
        { intent: "dismiss", id: failure.id.toString() },
      ];
      for (const form of forms) {
        const refused = await post(as, form).catch((e: unknown) => e);
        expect([role, form.intent, (refused as Response).status]).toEqual([role, form.intent, 403]);
      }
    }
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: owner } })).status).toBe(
      "sending",
    );
    expect(await getPrisma().jobFailure.count({ where: { jobId: "x" } })).toBe(1);
  });
});
