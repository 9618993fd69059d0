import { z } from "zod";
import { composeUpdateEmail, type UpdateForEmail } from "~/emails/compose.server";
import type { Locale } from "~/i18n/locales";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import {
  deliverBatch,
  findStoredBatch,
  recordBatchFailed,
  storeBatch,
  type StoredBatchEntry,
} from "~/models/email-batch.server";
import {
  claimUpdateBatch,
  continueUpdateSend,
  finishUpdateSend,
  hasQueuedDeliveries,
  listUnfinishedBatches,
  loadBatch,
  loadUpdateForSending,
  planUpdateDeliveries,
  SEND_UPDATE_JOB,
} from "~/models/update-send.server";
import { MAX_BATCH_SIZE, PermanentEmailError } from "~/services/email/types";
import { describeError, log } from "~/utils/logger.server";

// Each run stays short, well inside the queue's expiry (180 s), so a run is only presumed dead
// when its worker really died; the next chunk is queued as a new job. One batch takes at most
// ~45 s (a 15 s timeout plus a 30 s rate-limit wait), so no new batch starts after 60 s.
const BATCHES_PER_RUN = 20;
const RUN_BUDGET_MS = 60_000;

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

/**
 * A claimed batch's request: the one stored by an earlier attempt if there was one, else composed
 * now and stored before anything is sent, so every attempt sends exactly the same request.
 */
export async function prepareBatch(update: UpdateForEmail, batchKey: string): Promise<StoredBatchEntry[]> {
  const stored = await findStoredBatch(batchKey);
  if (stored) return stored;
  const recipients = await loadBatch(batchKey);
  if (recipients.length === 0) return [];
  const entries = await Promise.all(
    recipients.map(async (recipient) => ({
      deliveryId: recipient.id,
      message: await composeUpdateEmail(update, recipient),
    })),
  );
  return storeBatch(batchKey, entries);
}

async function sendClaimedBatch(update: UpdateForEmail, batchKey: string): Promise<void> {
  const entries = await prepareBatch(update, batchKey);
  if (entries.length === 0) return;
  try {
    await deliverBatch(batchKey, entries);
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
  // One active and one queued job per update (the singleton key), never two running at once.
  policy: "stately",
  retryLimit: 20,
  retryDelaySeconds: 2,
  retryBackoff: true,
  expireInSeconds: 180,
  parse: (data) => z.object({ updateId: z.uuid() }).parse(data),
  async run({ updateId }) {
    const update = await loadUpdateForSending(updateId);
    if (!update) throw new PermanentJobError(`Update ${updateId} does not exist`);
    if (update.status !== "sending") return;
    if (!update.deliveriesPlannedAt) await planUpdateDeliveries(update.id, update.campaignId);
    const email = updateForEmail(update);
    // First whatever a crashed run left half-done, with the same rows and key; then new batches.
    for (const batchKey of await listUnfinishedBatches(update.id)) await sendClaimedBatch(email, batchKey);
    const deadline = Date.now() + RUN_BUDGET_MS;
    for (let i = 0; i < BATCHES_PER_RUN && Date.now() < deadline; i++) {
      const batchKey = await claimUpdateBatch(update.id, MAX_BATCH_SIZE);
      if (!batchKey) break;
      await sendClaimedBatch(email, batchKey);
    }
    if (await hasQueuedDeliveries(update.id)) await continueUpdateSend(update.id);
    else await finishUpdateSend(update.id);
  },
};
