// A batch's exact request, stored before the provider is first called, so that sending it again
// after a crash repeats it byte for byte: same idempotency key, same payload (docs/decisions/0009).
// Used by update fan-outs and by batched transactional email alike.
import { gunzipSync, gzipSync } from "node:zlib";
import { sendBatch } from "~/services/email/index.server";
import type { EmailMessage } from "~/services/email/types";
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

export async function recordBatchSent(batchKey: string, deliveryIds: string[], providerIds: string[]) {
  await getPrisma().$transaction([
    getPrisma().$executeRaw`
      UPDATE email_deliveries d
      SET status = 'sent', sent_at = now(), provider_message_id = v.provider_id
      FROM unnest(${deliveryIds}::uuid[], ${providerIds}::text[]) AS v(id, provider_id)
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

/** Sends a prepared batch under its key and records the provider's id for each email. */
export async function deliverBatch(batchKey: string, entries: StoredBatchEntry[]): Promise<void> {
  const { ids } = await sendBatch(
    entries.map((entry) => entry.message),
    { idempotencyKey: batchKey },
  );
  await recordBatchSent(
    batchKey,
    entries.map((entry) => entry.deliveryId),
    ids,
  );
}
