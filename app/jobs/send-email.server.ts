import { z } from "zod";
import {
  composeTransactionalEmail,
  SupersededEmailError,
  UnknownTemplateError,
} from "~/models/transactional-email.server";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import {
  deliverBatch,
  findStoredBatch,
  recordBatchFailed,
  storeBatch,
  type StoredBatchEntry,
} from "~/models/email-batch.server";
import {
  claimTransactionalBatch,
  findDelivery,
  loadTransactionalBatch,
  markDeliveryFailed,
  markDeliverySuppressed,
  SEND_EMAIL_JOB,
  transactionalBatchOwner,
} from "~/models/email-delivery.server";
import { findSuppressedAddresses } from "~/models/suppression.server";
import { PermanentEmailError } from "~/services/email/types";

/**
 * A claimed batch's request: the one stored by an earlier attempt if there was one, else composed
 * now and stored before the provider is called, so a retry sends exactly the same request.
 */
async function prepareBatch(batchKey: string): Promise<StoredBatchEntry[]> {
  const stored = await findStoredBatch(batchKey);
  if (stored) return stored;
  const deliveries = await loadTransactionalBatch(batchKey);
  const bounced = await findSuppressedAddresses(
    deliveries.map((delivery) => delivery.toEmail),
    "transactional",
  );
  const entries: StoredBatchEntry[] = [];
  for (const delivery of deliveries) {
    if (bounced.has(delivery.toEmail)) {
      await markDeliverySuppressed(delivery.id);
      continue;
    }
    try {
      entries.push({ deliveryId: delivery.id, message: await composeTransactionalEmail(delivery) });
    } catch (error) {
      // One email that cannot be composed never holds up the others in its batch.
      if (error instanceof SupersededEmailError) await markDeliverySuppressed(delivery.id);
      else if (error instanceof UnknownTemplateError) await markDeliveryFailed(delivery.id, error.message);
      else throw error;
    }
  }
  return entries.length > 0 ? storeBatch(batchKey, entries) : [];
}

/**
 * Sends a transactional email recorded by queueEmail(), together with up to 99 others waiting
 * (see claimTransactionalBatch): one provider request for up to 100 confirmations.
 */
export const sendEmailJob: JobDefinition<{ deliveryId: string }> = {
  name: SEND_EMAIL_JOB,
  concurrency: 4,
  // Most runs end at once (their email went out in another job's batch).
  fetchSize: 50,
  retryLimit: 8,
  retryDelaySeconds: 15,
  retryBackoff: true,
  expireInSeconds: 120,
  parse: (data) => z.object({ deliveryId: z.uuid() }).parse(data),
  async run({ deliveryId }) {
    const batchKey = await claimTransactionalBatch(deliveryId);
    if (!batchKey) {
      if (!(await findDelivery(deliveryId)))
        throw new PermanentJobError(`Delivery ${deliveryId} does not exist`);
      return; // already sent, suppressed or failed: an earlier attempt's work whose completion was lost
    }
    // Taken into another job's batch: that job sends it.
    if (transactionalBatchOwner(batchKey) !== deliveryId) return;
    const entries = await prepareBatch(batchKey);
    if (entries.length === 0) return;
    try {
      await deliverBatch(batchKey, entries);
    } catch (error) {
      if (error instanceof PermanentEmailError) {
        await recordBatchFailed(batchKey, error.message);
        throw new PermanentJobError(error.message);
      }
      throw error;
    }
  },
};
