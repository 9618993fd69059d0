import { z } from "zod";
import { composeUpdateEmails, type UpdateForEmail } from "~/emails/compose.server";
import type { VoteSummaryData } from "~/emails/components/vote-summary";
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
  beginScheduledSend,
  claimUpdateBatch,
  continueUpdateSend,
  finishUpdateSend,
  hasQueuedDeliveries,
  isSending,
  listUnfinishedBatches,
  loadBatch,
  loadUpdateForSending,
  planUpdateDeliveries,
  SEND_UPDATE_JOB,
} from "~/models/update-send.server";
import { MAX_BATCH_SIZE, PermanentEmailError } from "~/services/email/types";
import { describeError, log } from "~/utils/logger.server";
import { renderMarkdown } from "~/utils/markdown.server";

// Each run stays short, well inside the queue's expiry (180 s), so a run is only presumed dead
// when its worker really died; the next chunk is queued as a new job. One batch takes at most
// ~45 s (a 15 s timeout plus a 30 s rate-limit wait), so no new batch starts after 60 s.
const BATCHES_PER_RUN = 20;
const RUN_BUDGET_MS = 60_000;

type LoadedUpdate = NonNullable<Awaited<ReturnType<typeof loadUpdateForSending>>>;

function pick<T extends { locale: Locale }>(rows: T[], locale: Locale, fallback: Locale): T | undefined {
  return rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === fallback) ?? rows[0];
}

const COUNTRY_NAME = { en: "nameEn", ko: "nameKo", ja: "nameJa" } as const;

/** A value computed once per key: a fan-out asks for the same language (and country) thousands of times. */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

/**
 * The inbox's preview line: the first block of the sanitised body as plain text. Taken from the
 * sanitised HTML, not the Markdown, so whatever the sanitiser dropped (a script's text) stays out.
 */
export function previewLine(bodyHtml: string): string {
  const first = /<(p|h2|h3|h4|li)>([\s\S]*?)<\/\1>/.exec(bodyHtml)?.[2] ?? "";
  return first
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, " ")
    .trim();
}

export function updateForEmail(update: LoadedUpdate): UpdateForEmail {
  const campaign = update.campaign;
  const locales = new Set(update.translations.map((row) => row.locale));
  // A reader whose language the update lacks is written to in English (English is required).
  const localeFor = (locale: Locale): Locale => (locales.has(locale) ? locale : "en");
  const text = memo((locale) => {
    const row = pick(update.translations, locale as Locale, "en");
    if (!row) throw new PermanentJobError(`Update ${update.id} has no text`);
    const bodyHtml = renderMarkdown(row.body);
    return { subject: row.subject, bodyHtml, preview: previewLine(bodyHtml) };
  });
  const vote = update.unVote;
  const members = new Map(vote?.memberVotes.map((member) => [member.countryIso3, member]) ?? []);
  const summary = memo((key): VoteSummaryData | null => {
    if (!vote) return null;
    const [locale, iso3] = key.split(":") as [Locale, string];
    const member = members.get(iso3);
    return {
      body: vote.body,
      votedOn: vote.votedOn.toISOString().slice(0, 10),
      title: vote.title,
      symbol: vote.resolution ?? vote.draft ?? vote.meeting,
      outcome: vote.outcome,
      totals: {
        yes: vote.totalYes,
        no: vote.totalNo,
        abstain: vote.totalAbstain,
        nonVoting: vote.totalNonVoting,
      },
      country: member ? { name: member.country[COUNTRY_NAME[locale]], choice: member.choice } : null,
    };
  });
  // Only the countries that voted make a difference: everyone else shares one rendering.
  const groupOf = (locale: Locale, iso3: string | null) =>
    `${localeFor(locale)}:${iso3 && members.has(iso3) ? iso3 : ""}`;
  return {
    campaignSlug: campaign?.slug ?? null,
    campaignTitle: (locale) =>
      pick(campaign?.translations ?? [], locale, campaign?.sourceLocale ?? "en")?.title ?? "",
    localeFor,
    text: (locale) => text(localeFor(locale)),
    vote: (locale, iso3) => summary(groupOf(locale, iso3)),
    groupOf,
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
  const messages = await composeUpdateEmails(update, recipients);
  return storeBatch(
    batchKey,
    recipients.map((recipient, index) => ({ deliveryId: recipient.id, message: messages[index]! })),
  );
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
    // A scheduled update's job was queued to start at its time; it may since have been moved.
    if (update.status === "scheduled" && !(await beginScheduledSend(update.id))) return;
    if (update.status !== "sending" && update.status !== "scheduled") return;
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
    // Paused (or otherwise stopped): no next chunk; resuming queues one.
    if (!(await isSending(update.id))) return;
    if (await hasQueuedDeliveries(update.id)) await continueUpdateSend(update.id);
    else await finishUpdateSend(update.id);
  },
};
