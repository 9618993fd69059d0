import { z } from "zod";
import { composeUpdateEmail, type UpdateForEmail } from "~/emails/compose.server";
import type { Locale } from "~/i18n/locales";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import {
  claimUpdateBatch,
  continueUpdateSend,
  finishUpdateSend,
  hasQueuedDeliveries,
  listUnfinishedBatches,
  loadBatch,
  loadUpdateForSending,
  planUpdateDeliveries,
  recordBatchFailed,
  recordBatchSent,
  SEND_UPDATE_JOB,
} from "~/models/update-send.server";
import { sendBatch } from "~/services/email/index.server";
import { MAX_BATCH_SIZE, PermanentEmailError } from "~/services/email/types";
import { describeError, log } from "~/utils/logger.server";

// Batches per job run. Each run stays short, well inside the queue's expiry, so a run is only
// presumed dead when its worker really died; the next chunk is queued as a new job.
const BATCHES_PER_RUN = 20;

type LoadedUpdate = NonNullable<Awaited<ReturnType<typeof loadUpdateForSending>>>;

function pick<T extends { locale: Locale }>(rows: T[], locale: Locale, fallback: Locale): T | undefined {
  return rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === fallback) ?? rows[0];
}

export function updateForEmail(update: LoadedUpdate): UpdateForEmail {
  const campaign = update.campaign;
  const fallback = campaign?.sourceLocale ?? "en";
  return {
    campaignSlug: campaign?.slug ?? "updates",
    campaignTitle: (locale) => pick(campaign?.translations ?? [], locale, fallback)?.title ?? "",
    text: (locale) => {
      const text = pick(update.translations, locale, fallback);
      if (!text) throw new PermanentJobError(`Update ${update.id} has no text`);
      return { subject: text.subject, body: text.body };
    },
  };
}

/** A claimed batch's recipients and their messages: the same on every attempt, for the same key. */
export async function prepareBatch(update: UpdateForEmail, batchKey: string) {
  const recipients = await loadBatch(batchKey);
  const messages = await Promise.all(recipients.map((recipient) => composeUpdateEmail(update, recipient)));
  return { recipients, messages };
}

async function sendClaimedBatch(update: UpdateForEmail, batchKey: string): Promise<void> {
  const { recipients, messages } = await prepareBatch(update, batchKey);
  if (recipients.length === 0) return;
  try {
    const { ids } = await sendBatch(messages, { idempotencyKey: batchKey });
    await recordBatchSent(recipients, ids);
  } catch (error) {
    if (!(error instanceof PermanentEmailError)) throw error;
    // The provider rejected this batch for good; record it for staff and carry on with the rest.
    log.error("update batch rejected", { batchKey, ...describeError(error) });
    await recordBatchFailed(batchKey, error.message);
  }
}

/** Sends an update to its campaign's subscribers: one chunk of batches per run. */
export const sendUpdateJob: JobDefinition<{ updateId: string }> = {
  name: SEND_UPDATE_JOB,
  concurrency: 1,
  retryLimit: 20,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 120,
  parse: (data) => z.object({ updateId: z.uuid() }).parse(data),
  async run({ updateId }) {
    const update = await loadUpdateForSending(updateId);
    if (!update) throw new PermanentJobError(`Update ${updateId} does not exist`);
    if (update.status !== "sending") return;
    if (!update.deliveriesPlannedAt) await planUpdateDeliveries(update.id, update.campaignId);
    const email = updateForEmail(update);
    // First whatever a crashed run left half-done, with the same rows and key; then new batches.
    for (const batchKey of await listUnfinishedBatches(update.id)) await sendClaimedBatch(email, batchKey);
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const batchKey = await claimUpdateBatch(update.id, MAX_BATCH_SIZE);
      if (!batchKey) break;
      await sendClaimedBatch(email, batchKey);
    }
    if (await hasQueuedDeliveries(update.id)) await continueUpdateSend(update.id);
    else await finishUpdateSend(update.id);
  },
};
