// Operations for staff: background jobs that failed for good (retry or dismiss) and transactional
// emails left in `sending` after the job that owned their batch gave up (sweep to failed or
// requeue). Every change is audited in the same transaction as the change itself.
import { recordAudit } from "~/models/audit.server";
import { SEND_EMAIL_JOB, transactionalBatchOwner } from "~/models/email-delivery.server";
import { maskEmail } from "~/models/signature-review.server";
import { enqueueJob } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { STUCK_AFTER_MINUTES } from "~/utils/staff-ops";

type Actor = { actorId: string; ipHash?: string };

const STUCK_LIMIT = 200;

function failureId(id: string): bigint | null {
  return /^\d{1,18}$/.test(id) ? BigInt(id) : null;
}

/**
 * Runs a failed job again: the same queue and data, as a new job, and the failure row goes (if it
 * fails again, a new one is recorded). Null when the failure or its queue no longer exists.
 */
export async function retryJobFailure(id: string, actor: Actor): Promise<{ jobId: string } | null> {
  const key = failureId(id);
  if (key === null) return null;
  return getPrisma().$transaction(async (tx) => {
    const [failure] = await tx.$queryRaw<{ queue: string; job_id: string; data: object }[]>`
      SELECT queue, job_id, data FROM job_failures WHERE id = ${key} FOR UPDATE`;
    if (!failure) return null;
    const [queue] = await tx.$queryRaw<{ name: string }[]>`
      SELECT name FROM pgboss.queue WHERE name = ${failure.queue}`;
    if (!queue) return null;
    const jobId = (await enqueueJob(tx, failure.queue, failure.data))!;
    await recordAudit(
      {
        actorId: actor.actorId,
        action: "job.retried",
        targetType: "job-failure",
        targetId: id,
        details: { queue: failure.queue, failedJobId: failure.job_id, newJobId: jobId },
        ipHash: actor.ipHash,
      },
      tx,
    );
    await tx.jobFailure.delete({ where: { id: key } });
    return { jobId };
  });
}

/** Dismisses a failure staff have looked at: the audit entry keeps what it was, the row goes. */
export async function dismissJobFailure(id: string, actor: Actor): Promise<boolean> {
  const key = failureId(id);
  if (key === null) return false;
  return getPrisma().$transaction(async (tx) => {
    const failure = await tx.jobFailure.findUnique({ where: { id: key } });
    if (!failure) return false;
    await recordAudit(
      {
        actorId: actor.actorId,
        action: "job.dismissed",
        targetType: "job-failure",
        targetId: id,
        details: {
          queue: failure.queue,
          failedJobId: failure.jobId,
          reason: failure.reason.slice(0, 500),
          failedAt: failure.failedAt.toISOString(),
        },
        ipHash: actor.ipHash,
      },
      tx,
    );
    await tx.jobFailure.delete({ where: { id: key } });
    return true;
  });
}

type StuckRow = {
  id: string;
  kind: string;
  to_email: string;
  batch_key: string | null;
  created_at: Date;
};

/** Owners of these batches whose send-email job is still waiting, retrying or running. */
async function ownersWithLiveJobs(owners: string[]): Promise<Set<string>> {
  if (owners.length === 0) return new Set();
  const rows = await getPrisma().$queryRaw<{ owner: string }[]>`
    SELECT data->>'deliveryId' AS owner FROM pgboss.job
    WHERE name = ${SEND_EMAIL_JOB} AND state IN ('created', 'retry', 'active')
      AND data->>'deliveryId' = ANY(${owners}::text[])`;
  return new Set(rows.map((row) => row.owner));
}

/**
 * Transactional emails stuck in `sending`: claimed into a batch over STUCK_AFTER_MINUTES ago, and
 * the batch's owning job is no longer waiting, retrying or running (it gave up, or it died on its
 * last attempt). Without staff they would stay there for ever. `ids` narrows the list.
 */
async function findStuckEmails(ids?: string[], now = new Date()): Promise<StuckRow[]> {
  const before = new Date(now.getTime() - STUCK_AFTER_MINUTES * 60_000);
  const rows = ids
    ? await getPrisma().$queryRaw<StuckRow[]>`
        SELECT id, kind, to_email, batch_key, created_at FROM email_deliveries
        WHERE status = 'sending' AND update_id IS NULL AND created_at < ${before}
          AND id = ANY(${ids}::uuid[])
        ORDER BY created_at, id`
    : await getPrisma().$queryRaw<StuckRow[]>`
        SELECT id, kind, to_email, batch_key, created_at FROM email_deliveries
        WHERE status = 'sending' AND update_id IS NULL AND created_at < ${before}
        ORDER BY created_at, id LIMIT ${STUCK_LIMIT}`;
  const ownerOf = (row: StuckRow) => (row.batch_key ? transactionalBatchOwner(row.batch_key) : null);
  const live = await ownersWithLiveJobs([...new Set(rows.map(ownerOf).filter((o): o is string => !!o))]);
  return rows.filter((row) => {
    const owner = ownerOf(row);
    return !owner || !live.has(owner);
  });
}

/** The stuck emails for the operations page; addresses masked unless `reveal`. */
export async function listStuckEmails(reveal: boolean, now = new Date()) {
  const rows = await findStuckEmails(undefined, now);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: reveal ? row.to_email : maskEmail(row.to_email),
    createdAt: row.created_at.toISOString(),
  }));
}

export const SWEPT_ERROR = "Swept by staff: its sending job gave up";

/**
 * Marks stuck emails failed. A batch's stored request goes once none of its emails is left in
 * `sending`, so a requeue of the rest can still repeat it byte for byte.
 */
export async function sweepStuckEmails(ids: string[], actor: Actor, now = new Date()) {
  const stuck = await findStuckEmails(ids, now);
  const stuckIds = stuck.map((row) => row.id);
  const batchKeys = [...new Set(stuck.map((row) => row.batch_key).filter((k): k is string => !!k))];
  await getPrisma().$transaction(async (tx) => {
    await tx.emailDelivery.updateMany({
      where: { id: { in: stuckIds }, status: "sending" },
      data: { status: "failed", error: SWEPT_ERROR },
    });
    await tx.$executeRaw`
      DELETE FROM email_batches b WHERE b.batch_key = ANY(${batchKeys}::text[])
        AND NOT EXISTS (SELECT 1 FROM email_deliveries d WHERE d.batch_key = b.batch_key AND d.status = 'sending')`;
    await recordAudit(
      {
        actorId: actor.actorId,
        action: "email.swept",
        targetType: "email-delivery",
        targetId: stuckIds.length === 1 ? stuckIds[0] : null,
        details: {
          outcome: "failed",
          requested: ids.length,
          changed: stuckIds.length,
          deliveryIds: stuckIds,
        },
        ipHash: actor.ipHash,
      },
      tx,
    );
  });
  return { requested: ids.length, changed: stuckIds.length };
}

/**
 * Sends stuck emails again without ever sending one twice. A batch whose owner still holds it is
 * handed to a new job for that owner: it repeats the stored request under the same idempotency
 * key. Emails of a batch whose owner let go are put back in the queue only when no request was
 * stored for it (nothing can have been sent); otherwise they are left for staff to sweep.
 */
export async function requeueStuckEmails(ids: string[], actor: Actor, now = new Date()) {
  const stuck = await findStuckEmails(ids, now);
  const batches = new Map<string | null, StuckRow[]>();
  for (const row of stuck) batches.set(row.batch_key, [...(batches.get(row.batch_key) ?? []), row]);
  let changed = 0;
  await getPrisma().$transaction(async (tx) => {
    for (const [batchKey, rows] of batches) {
      const owner = batchKey ? transactionalBatchOwner(batchKey) : null;
      const ownerRow = owner
        ? await tx.emailDelivery.findUnique({
            where: { id: owner },
            select: { status: true, batchKey: true },
          })
        : null;
      if (owner && ownerRow?.status === "sending" && ownerRow.batchKey === batchKey) {
        await enqueueJob(tx, SEND_EMAIL_JOB, { deliveryId: owner });
        changed += rows.length;
        continue;
      }
      const stored = batchKey
        ? await tx.emailBatch.findUnique({ where: { batchKey }, select: { batchKey: true } })
        : null;
      if (stored) continue;
      for (const row of rows) {
        await tx.emailDelivery.updateMany({
          where: { id: row.id, status: "sending" },
          data: { status: "queued", batchKey: null },
        });
        await enqueueJob(tx, SEND_EMAIL_JOB, { deliveryId: row.id });
        changed++;
      }
    }
    await recordAudit(
      {
        actorId: actor.actorId,
        action: "email.swept",
        targetType: "email-delivery",
        targetId: stuck.length === 1 ? stuck[0]!.id : null,
        details: {
          outcome: "requeued",
          requested: ids.length,
          changed,
          deliveryIds: stuck.map((row) => row.id),
        },
        ipHash: actor.ipHash,
      },
      tx,
    );
  });
  return { requested: ids.length, changed };
}
