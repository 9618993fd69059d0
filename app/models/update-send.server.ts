// An update's email fan-out, as steps that are each safe to repeat after a crash:
//   plan    one delivery row per active subscriber (unique per update × subscriber);
//   claim   up to 100 queued rows into a batch: suppressed or unsubscribed rows are skipped now,
//           the rest get status `sending` and a batch key derived from their ids;
//   record  the provider's ids once the batch was accepted.
// A batch's messages are stored before the provider is first called; a batch left in `sending` by a
// crash is sent again from that store, with the same key: byte for byte the same request, which
// the provider recognises and does not deliver twice (docs/decisions/0009).
import { createHash } from "node:crypto";
import type { Locale } from "~/generated/prisma/client";
import { enqueueJob } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { findSuppressedAddresses } from "~/models/suppression.server";

export const SEND_UPDATE_JOB = "send-update";
const PLAN_PAGE_SIZE = 5_000;

/** Starts sending a draft update: marks it sending and queues the fan-out, in one transaction. */
export async function startUpdateSend(updateId: string): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const started = await tx.update.updateMany({
      where: { id: updateId, status: "draft" },
      data: { status: "sending" },
    });
    if (started.count === 0) return false;
    await enqueueJob(tx, SEND_UPDATE_JOB, { updateId }, { singletonKey: updateId });
    return true;
  });
}

export async function loadUpdateForSending(updateId: string) {
  return getPrisma().update.findUnique({
    where: { id: updateId },
    include: {
      translations: true,
      campaign: { include: { translations: true } },
      // At most 193 rows: the email says how each reader's country voted.
      unVote: { include: { memberVotes: { include: { country: true } } } },
    },
  });
}

/**
 * A scheduled update whose time has come starts sending; true when it did (or already was
 * sending). A job that finds the update rescheduled to later, or back to draft, does nothing.
 */
export async function beginScheduledSend(updateId: string, now = new Date()): Promise<boolean> {
  const started = await getPrisma().update.updateMany({
    where: { id: updateId, status: "scheduled", scheduledAt: { lte: now } },
    data: { status: "sending" },
  });
  return started.count > 0;
}

export async function isSending(updateId: string): Promise<boolean> {
  const row = await getPrisma().update.findUnique({ where: { id: updateId }, select: { status: true } });
  return row?.status === "sending";
}

/** Creates the missing delivery rows, a keyset page of subscriptions at a time. */
export async function planUpdateDeliveries(updateId: string, campaignId: string | null): Promise<void> {
  const prisma = getPrisma();
  let cursor = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await prisma.$queryRaw<{ last: string | null; rows: number }[]>`
      WITH page AS (
        SELECT s.id, s.subscriber_id, sub.email, sub.locale
        FROM subscriptions s JOIN subscribers sub ON sub.id = s.subscriber_id
        WHERE s.campaign_id IS NOT DISTINCT FROM ${campaignId}::uuid
          AND s.status = 'active' AND sub.status = 'active' AND s.id > ${cursor}::uuid
        ORDER BY s.id
        LIMIT ${PLAN_PAGE_SIZE}
      ), inserted AS (
        INSERT INTO email_deliveries (id, kind, update_id, subscriber_id, subscription_id, to_email, locale)
        SELECT gen_random_uuid(), 'update', ${updateId}::uuid, subscriber_id, id, email, locale FROM page
        ON CONFLICT (update_id, subscriber_id) DO NOTHING
      )
      SELECT max(id::text) AS last, count(*)::int AS rows FROM page`;
    const { last, rows } = page[0] ?? { last: null, rows: 0 };
    if (!last || rows < PLAN_PAGE_SIZE) break;
    cursor = last;
  }
  await prisma.update.update({ where: { id: updateId }, data: { deliveriesPlannedAt: new Date() } });
}

export function batchKeyFor(updateId: string, deliveryIds: string[]): string {
  const digest = createHash("sha256")
    .update([...deliveryIds].sort().join(","))
    .digest("base64url");
  return `update/${updateId}/${digest}`;
}

type ClaimRow = { id: string; to_email: string; subscription_id: string | null };

/**
 * Claims the next batch of queued rows, or returns null when none are left. Rows of people who
 * unsubscribed or whose address is suppressed are marked `suppressed` here, just before sending,
 * so an unsubscribe takes effect even on a send that is already running.
 */
export async function claimUpdateBatch(updateId: string, size: number): Promise<string | null> {
  const prisma = getPrisma();
  for (;;) {
    const outcome = await prisma.$transaction(async (tx) => {
      // A paused update takes no new batch. The row lock makes a pause wait for a claim under way,
      // so a batch is either claimed before the pause (and finishes) or not at all.
      const [update] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text FROM updates WHERE id = ${updateId}::uuid FOR SHARE`;
      if (update?.status !== "sending") return { done: true as const };
      // Only the rows taken are read further: the index on (update_id, status, id) finds them.
      const rows = await tx.$queryRaw<ClaimRow[]>`
        SELECT id, to_email, subscription_id FROM email_deliveries
        WHERE update_id = ${updateId}::uuid AND status = 'queued'
        ORDER BY id
        LIMIT ${size}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return { done: true as const };
      const subscriptionIds = rows.flatMap((row) => (row.subscription_id ? [row.subscription_id] : []));
      const active = await tx.subscription.findMany({
        where: { id: { in: subscriptionIds }, status: "active" },
        select: { id: true },
      });
      const activeIds = new Set(active.map((row) => row.id));
      const blocked = await findSuppressedAddresses(
        rows.map((row) => row.to_email),
        "list",
        tx,
      );
      const skip = rows.filter(
        (row) => !activeIds.has(row.subscription_id ?? "") || blocked.has(row.to_email),
      );
      const send = rows.filter((row) => !skip.includes(row));
      if (skip.length > 0) {
        await tx.emailDelivery.updateMany({
          where: { id: { in: skip.map((r) => r.id) } },
          data: { status: "suppressed" },
        });
      }
      if (send.length === 0) return { done: false as const, batchKey: null };
      const batchKey = batchKeyFor(
        updateId,
        send.map((row) => row.id),
      );
      await tx.emailDelivery.updateMany({
        where: { id: { in: send.map((row) => row.id) } },
        data: { status: "sending", batchKey },
      });
      return { done: false as const, batchKey };
    });
    if (outcome.done) return null;
    if (outcome.batchKey) return outcome.batchKey;
  }
}

/** Batches that were handed to the provider but whose outcome was never recorded (a crash). */
export async function listUnfinishedBatches(updateId: string): Promise<string[]> {
  const rows = await getPrisma().emailDelivery.findMany({
    where: { updateId, status: "sending", batchKey: { not: null } },
    distinct: ["batchKey"],
    select: { batchKey: true },
  });
  return rows.map((row) => row.batchKey!);
}

export type BatchRecipient = {
  id: string;
  toEmail: string;
  locale: Locale;
  subscriptionId: string;
  subscriberId: string | null;
  countryIso3: string | null;
};

export async function loadBatch(batchKey: string): Promise<BatchRecipient[]> {
  const rows = await getPrisma().emailDelivery.findMany({
    where: { batchKey, status: "sending" },
    orderBy: { id: "asc" },
    select: {
      id: true,
      toEmail: true,
      locale: true,
      subscriptionId: true,
      subscriberId: true,
      subscriber: { select: { countryIso3: true } },
    },
  });
  return rows.map(({ subscriber, ...row }) => ({
    ...row,
    subscriptionId: row.subscriptionId!,
    countryIso3: subscriber?.countryIso3 ?? null,
  }));
}

export async function hasQueuedDeliveries(updateId: string): Promise<boolean> {
  const row = await getPrisma().emailDelivery.findFirst({
    where: { updateId, status: { in: ["queued", "sending"] } },
    select: { id: true },
  });
  return row !== null;
}

export async function finishUpdateSend(updateId: string): Promise<void> {
  await getPrisma().update.updateMany({
    where: { id: updateId, status: "sending" },
    data: { status: "sent", sentAt: new Date() },
  });
}

/** Queues the next chunk of a long fan-out, so no single job runs long enough to be presumed dead. */
export async function continueUpdateSend(updateId: string): Promise<void> {
  // The queue is "stately": with one key per update, a second chain (a crash between queueing the
  // next chunk and completing this one) is dropped instead of running beside the first.
  await enqueueJob(getPrisma(), SEND_UPDATE_JOB, { updateId }, { singletonKey: updateId });
}
