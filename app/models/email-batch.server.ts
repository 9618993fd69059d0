// A batch's exact request, stored before the provider is first called, so that sending it again
// after a crash repeats it byte for byte: same idempotency key, same payload (docs/decisions/0009).
// Used by update fan-outs and by batched transactional email alike.
import { gunzipSync, gzipSync } from "node:zlib";
import { sendBatch, sendValidOfBatch } from "~/services/email/index.server";
import { InvalidBatchError, type BatchMessageResult, type EmailMessage } from "~/services/email/types";
import { getPrisma } from "~/utils/db.server";

export type StoredBatchEntry = { deliveryId: string; message: EmailMessage };

function packEntries(entries: StoredBatchEntry[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(JSON.stringify(entries), { level: 1 }));
}

function unpackEntries(packed: Uint8Array): StoredBatchEntry[] {
  return JSON.parse(gunzipSync(packed).toString("utf8")) as StoredBatchEntry[];
}

/** The batch's stored request, if one was stored before an earlier attempt called the provider. */
export async function findStoredBatch(batchKey: string): Promise<StoredBatchEntry[] | null> {
  const row = await getPrisma().emailBatch.findUnique({ where: { batchKey } });
  return row ? unpackEntries(row.entries) : null;
}

/**
 * Stores a batch's request before it is first sent. Two workers preparing the same batch at once
 * both get the entries that were stored first, so both would send the same request.
 */
export async function storeBatch(batchKey: string, entries: StoredBatchEntry[]): Promise<StoredBatchEntry[]> {
  const stored = await getPrisma().emailBatch.createMany({
    data: [{ batchKey, entries: packEntries(entries) }],
    skipDuplicates: true,
  });
  return stored.count === 1 ? entries : (await findStoredBatch(batchKey))!;
}

function markSent(deliveryIds: string[], providerIds: string[]) {
  return getPrisma().$executeRaw`
    UPDATE email_deliveries d
    SET status = 'sent', sent_at = now(), provider_message_id = v.provider_id
    FROM unnest(${deliveryIds}::uuid[], ${providerIds}::text[]) AS v(id, provider_id)
    WHERE d.id = v.id AND d.status = 'sending'`;
}

export async function recordBatchSent(batchKey: string, deliveryIds: string[], providerIds: string[]) {
  await getPrisma().$transaction([
    markSent(deliveryIds, providerIds),
    getPrisma().emailBatch.deleteMany({ where: { batchKey } }),
  ]);
}

/** A batch sent with its invalid messages left out: each delivery sent, or failed with its reason. */
async function recordBatchResults(batchKey: string, deliveryIds: string[], results: BatchMessageResult[]) {
  const sent = results.flatMap((result, i) =>
    "id" in result ? [{ id: deliveryIds[i]!, to: result.id }] : [],
  );
  const failed = results.flatMap((result, i) =>
    "error" in result ? [{ id: deliveryIds[i]!, error: result.error }] : [],
  );
  await getPrisma().$transaction([
    markSent(
      sent.map((s) => s.id),
      sent.map((s) => s.to),
    ),
    getPrisma().$executeRaw`
      UPDATE email_deliveries d SET status = 'failed', error = v.error
      FROM unnest(${failed.map((f) => f.id)}::uuid[], ${failed.map((f) => f.error)}::text[]) AS v(id, error)
      WHERE d.id = v.id AND d.status = 'sending'`,
    getPrisma().emailBatch.deleteMany({ where: { batchKey } }),
  ]);
}

export async function recordBatchFailed(batchKey: string, error: string): Promise<void> {
  await getPrisma().$transaction([
    getPrisma().emailDelivery.updateMany({
      where: { batchKey, status: "sending" },
      data: { status: "failed", error },
    }),
    getPrisma().emailBatch.deleteMany({ where: { batchKey } }),
  ]);
}

/**
 * Sends a prepared batch under its key and records the provider's id for each email. A batch the
 * provider refuses whole because of some of its messages (one malformed address must not hold up
 * 99 confirmations) is sent again without them, and just those deliveries are marked failed.
 */
export async function deliverBatch(batchKey: string, entries: StoredBatchEntry[]): Promise<void> {
  const messages = entries.map((entry) => entry.message);
  const deliveryIds = entries.map((entry) => entry.deliveryId);
  try {
    const { ids } = await sendBatch(messages, { idempotencyKey: batchKey });
    await recordBatchSent(batchKey, deliveryIds, ids);
  } catch (error) {
    if (!(error instanceof InvalidBatchError)) throw error;
    // Nothing was sent. The stored request is validated the same way every time, so a retry after
    // a crash reaches this point again and repeats this second request under its own key.
    const { results } = await sendValidOfBatch(messages, { idempotencyKey: `${batchKey}/valid-only` });
    await recordBatchResults(batchKey, deliveryIds, results);
  }
}
