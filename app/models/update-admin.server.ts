// Updates as staff write and send them: a draft in the languages the campaigner chooses, a
// preview and a test to oneself, then sending now or at a time, pausing and resuming. Sending
// itself is the fan-out in app/models/update-send.server.ts (docs/decisions/0009); this module only
// moves an update between states, each move in one transaction with its audit entry and its job.
import { randomUUID } from "node:crypto";
import type { Prisma, UpdateStatus } from "~/generated/prisma/client";
import { composeUpdateEmail } from "~/emails/compose.server";
import { updateForEmail } from "~/jobs/send-update.server";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { hitRateLimit } from "~/models/abuse.server";
import { recordAudit } from "~/models/audit.server";
import type { StaffActor } from "~/models/campaign-admin.server";
import { loadUpdateForSending, SEND_UPDATE_JOB, startUpdateSend } from "~/models/update-send.server";
import { getEmailTransport } from "~/services/email/index.server";
import type { EmailMessage } from "~/services/email/types";
import { enqueueJob } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { describeError, log } from "~/utils/logger.server";
import { GENERAL_AUDIENCE, type UpdateFormErrors, type UpdateFormValues } from "~/utils/update-fields";
import {
  chosenLocales,
  ScheduleSchema,
  UpdateFormSchema,
  updateFormErrors,
  type UpdateInput,
} from "~/utils/update-form.server";

export type UpdateSaveResult = { ok: true; id: string } | { ok: false; errors: UpdateFormErrors };
export type UpdateActionResult = { ok: true } | { ok: false; error: StaffMessageKey };

type Db = Prisma.TransactionClient;

// Wall-clock times typed by staff are Seoul time, which has had no daylight saving since 1988.
const STAFF_OFFSET_MS = 9 * 3_600_000;

/** `2026-12-01T09:30` typed in Seoul → the instant. */
export function seoulWallClock(input: string): Date {
  const withSeconds = input.length === 16 ? `${input}:00` : input;
  return new Date(`${withSeconds}+09:00`);
}

/** An instant as a datetime-local field shows it, in Seoul time. */
export function seoulInputValue(at: Date): string {
  return new Date(at.getTime() + STAFF_OFFSET_MS).toISOString().slice(0, 16);
}

// A test goes to the staff member's own address only; this caps how often, per member.
const TEST_LIMIT = 5;
const TEST_WINDOW_SECONDS = 600;

// An id that belongs to no subscription: previews and tests carry links that change nothing.
const PREVIEW_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

function audienceOf(campaignId: string | null): string {
  return campaignId ?? GENERAL_AUDIENCE;
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listUpdatesForStaff(locale: Locale) {
  const prisma = getPrisma();
  const updates = await prisma.update.findMany({
    orderBy: { createdAt: "desc" },
    take: 200,
    include: {
      translations: { select: { locale: true, subject: true } },
      campaign: { select: { slug: true, translations: { select: { locale: true, title: true } } } },
    },
  });
  const counts = await deliveryCounts(updates.map((update) => update.id));
  return updates.map((update) => ({
    id: update.id,
    status: update.status,
    subject:
      (
        update.translations.find((t) => t.locale === locale) ??
        update.translations.find((t) => t.locale === "en")
      )?.subject ?? "",
    audience: update.campaign ? campaignTitle(update.campaign, locale) : null,
    createdAt: update.createdAt.toISOString(),
    scheduledAt: update.scheduledAt?.toISOString() ?? null,
    progress: counts.get(update.id) ?? emptyProgress(),
  }));
}

function campaignTitle(
  campaign: { slug: string; translations: { locale: Locale; title: string }[] },
  locale: Locale,
): string {
  const titles = campaign.translations;
  return (
    (titles.find((t) => t.locale === locale) ?? titles.find((t) => t.locale === "en") ?? titles[0])?.title ||
    campaign.slug
  );
}

export type UpdateProgress = {
  planned: number;
  sent: number;
  waiting: number;
  failed: number;
  suppressed: number;
};

function emptyProgress(): UpdateProgress {
  return { planned: 0, sent: 0, waiting: 0, failed: 0, suppressed: 0 };
}

/** Delivery rows by outcome: handed over (and whatever the provider said since) counts as sent. */
async function deliveryCounts(updateIds: string[]): Promise<Map<string, UpdateProgress>> {
  if (updateIds.length === 0) return new Map();
  const rows = await getPrisma().emailDelivery.groupBy({
    by: ["updateId", "status"],
    where: { updateId: { in: updateIds } },
    _count: true,
  });
  const counts = new Map<string, UpdateProgress>();
  for (const row of rows) {
    const progress = counts.get(row.updateId!) ?? emptyProgress();
    progress.planned += row._count;
    if (["sent", "delivered", "bounced", "complained"].includes(row.status)) progress.sent += row._count;
    else if (row.status === "failed") progress.failed += row._count;
    else if (row.status === "suppressed") progress.suppressed += row._count;
    else progress.waiting += row._count;
    counts.set(row.updateId!, progress);
  }
  return counts;
}

export async function updateProgress(updateId: string): Promise<UpdateProgress> {
  return (await deliveryCounts([updateId])).get(updateId) ?? emptyProgress();
}

export async function getUpdateForStaff(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const update = await getPrisma().update.findUnique({
    where: { id },
    include: { translations: true, unVote: true },
  });
  if (!update) return null;
  const languages = LOCALES.filter((locale) => update.translations.some((t) => t.locale === locale));
  return { ...update, languages };
}

export type StaffUpdate = NonNullable<Awaited<ReturnType<typeof getUpdateForStaff>>>;

export function updateFormValues(update: StaffUpdate): UpdateFormValues {
  const fields: Record<string, string> = {
    audience: audienceOf(update.campaignId),
    unVoteId: update.unVoteId ?? "",
  };
  for (const locale of LOCALES) {
    const text = update.translations.find((t) => t.locale === locale);
    fields[`${locale}.subject`] = text?.subject ?? "";
    fields[`${locale}.body`] = text?.body ?? "";
  }
  return { fields, languages: update.languages };
}

export function newUpdateFormValues(): UpdateFormValues {
  const fields: Record<string, string> = { audience: GENERAL_AUDIENCE, unVoteId: "" };
  for (const locale of LOCALES) {
    fields[`${locale}.subject`] = "";
    fields[`${locale}.body`] = "";
  }
  return { fields, languages: ["en"] };
}

/** The lists an update can go to: the general list, then every campaign that is not archived. */
export async function listAudienceChoices(locale: Locale) {
  const campaigns = await getPrisma().campaign.findMany({
    where: { status: { not: "archived" } },
    orderBy: { createdAt: "desc" },
    select: { id: true, slug: true, translations: { select: { locale: true, title: true } } },
  });
  return campaigns.map((campaign) => ({ id: campaign.id, title: campaignTitle(campaign, locale) }));
}

/** The states that voted on an update's vote, named in `locale`: the preview can show each one's line. */
export async function listVotingCountries(unVoteId: string | null, locale: Locale) {
  if (!unVoteId) return [];
  const rows = await getPrisma().unMemberVote.findMany({
    where: { voteId: unVoteId },
    select: { country: { select: { iso3: true, nameEn: true, nameKo: true, nameJa: true } } },
  });
  const name = { en: "nameEn", ko: "nameKo", ja: "nameJa" } as const;
  return rows
    .map(({ country }) => ({ iso3: country.iso3, name: country[name[locale]] }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** Recorded UN votes, newest first, for the editor's select. */
export async function listVoteChoices() {
  const votes = await getPrisma().unVote.findMany({
    orderBy: [{ votedOn: "desc" }, { createdAt: "desc" }],
    take: 300,
    select: {
      id: true,
      body: true,
      votedOn: true,
      title: true,
      resolution: true,
      draft: true,
      meeting: true,
    },
  });
  return votes.map((vote) => ({
    id: vote.id,
    body: vote.body,
    votedOn: vote.votedOn.toISOString().slice(0, 10),
    symbol: vote.resolution ?? vote.draft ?? vote.meeting,
    title: vote.title.length > 120 ? `${vote.title.slice(0, 119)}…` : vote.title,
  }));
}

// ---------------------------------------------------------------------------------------------
// Writing the draft

async function checkReferences(db: Db, data: UpdateInput): Promise<UpdateFormErrors> {
  const errors: UpdateFormErrors = {};
  if (data.audience !== GENERAL_AUDIENCE) {
    const campaign = await db.campaign.findUnique({ where: { id: data.audience }, select: { status: true } });
    if (!campaign || campaign.status === "archived") errors.audience = "staff.updates.error.audience";
  }
  if (data.unVoteId) {
    const vote = await db.unVote.findUnique({ where: { id: data.unVoteId }, select: { id: true } });
    if (!vote) errors.unVoteId = "staff.updates.error.vote";
  }
  return errors;
}

async function writeTranslations(db: Db, updateId: string, data: UpdateInput): Promise<void> {
  const locales = chosenLocales(data);
  await db.updateTranslation.deleteMany({ where: { updateId, locale: { notIn: locales } } });
  for (const locale of locales) {
    const text = data.translations[locale];
    await db.updateTranslation.upsert({
      where: { updateId_locale: { updateId, locale } },
      create: { updateId, locale, subject: text.subject, body: text.body },
      update: { subject: text.subject, body: text.body },
    });
  }
}

function parse(input: unknown): { ok: true; data: UpdateInput } | { ok: false; errors: UpdateFormErrors } {
  const parsed = UpdateFormSchema.safeParse(input);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: updateFormErrors(parsed.error) };
}

export async function createUpdate(input: unknown, actor: StaffActor): Promise<UpdateSaveResult> {
  const parsed = parse(input);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  return getPrisma().$transaction(async (db) => {
    const errors = await checkReferences(db, data);
    if (Object.keys(errors).length > 0) return { ok: false as const, errors };
    const update = await db.update.create({
      data: {
        campaignId: data.audience === GENERAL_AUDIENCE ? null : data.audience,
        unVoteId: data.unVoteId || null,
        authorId: actor.userId,
      },
    });
    await writeTranslations(db, update.id, data);
    await recordAudit(
      {
        actorId: actor.userId,
        action: "update.created",
        targetType: "update",
        targetId: update.id,
        details: { audience: data.audience, vote: data.unVoteId || null, languages: chosenLocales(data) },
        ipHash: actor.ipHash,
      },
      db,
    );
    return { ok: true as const, id: update.id };
  });
}

/** Saves the editor's form over a draft; null when there is no such update. */
export async function editUpdate(
  id: string,
  input: unknown,
  actor: StaffActor,
): Promise<UpdateSaveResult | null> {
  const before = await getUpdateForStaff(id);
  if (!before) return null;
  const parsed = parse(input);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  return getPrisma().$transaction(async (db) => {
    const errors = await checkReferences(db, data);
    if (Object.keys(errors).length > 0) return { ok: false as const, errors };
    // Only a draft is edited: once planned or queued, recipients must get the text that was checked.
    const locked = await db.update.updateMany({
      where: { id, status: "draft" },
      data: {
        campaignId: data.audience === GENERAL_AUDIENCE ? null : data.audience,
        unVoteId: data.unVoteId || null,
      },
    });
    if (locked.count === 0) {
      return { ok: false as const, errors: { form: "staff.updates.error.wrongState" as StaffMessageKey } };
    }
    await writeTranslations(db, id, data);
    await recordAudit(
      {
        actorId: actor.userId,
        action: "update.edited",
        targetType: "update",
        targetId: id,
        details: { changed: changedFields(before, data) },
        ipHash: actor.ipHash,
      },
      db,
    );
    return { ok: true as const, id };
  });
}

/** The names (never the contents) of what an edit changes, for the audit log. */
function changedFields(before: StaffUpdate, data: UpdateInput): string[] {
  const changed: string[] = [];
  if (audienceOf(before.campaignId) !== data.audience) changed.push("audience");
  if ((before.unVoteId ?? "") !== data.unVoteId) changed.push("vote");
  const after = chosenLocales(data);
  if (before.languages.join() !== after.join()) changed.push("languages");
  for (const locale of after) {
    const old = before.translations.find((t) => t.locale === locale);
    if (old?.subject !== data.translations[locale].subject) changed.push(`${locale}.subject`);
    if (old?.body !== data.translations[locale].body) changed.push(`${locale}.body`);
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Preview and test

/** The email a subscriber in `locale` (and, for a vote, `countryIso3`) would get. */
export async function composeUpdatePreview(
  id: string,
  locale: Locale,
  options: { toEmail?: string; countryIso3?: string | null } = {},
): Promise<{ message: EmailMessage; locale: Locale } | null> {
  const update = await loadUpdateForSending(id);
  if (!update || update.translations.length === 0) return null;
  const email = updateForEmail(update);
  const message = await composeUpdateEmail(email, {
    toEmail: options.toEmail ?? "subscriber@example.org",
    locale,
    subscriptionId: PREVIEW_SUBSCRIPTION_ID,
    countryIso3: options.countryIso3 ?? null,
  });
  return { message, locale: email.localeFor(locale) };
}

/**
 * Sends the update in `locale` to the signed-in staff member's own address, and nowhere else:
 * the address comes from their account, never from the form. Rate-limited per member.
 */
export async function sendTestUpdate(
  id: string,
  locale: Locale,
  staff: { id: string; email: string },
  actor: StaffActor,
): Promise<UpdateActionResult | null> {
  const hits = await hitRateLimit(`update-test:${staff.id}`, TEST_WINDOW_SECONDS);
  if (hits > TEST_LIMIT) return { ok: false, error: "staff.updates.error.testLimit" };
  const preview = await composeUpdatePreview(id, locale, { toEmail: staff.email });
  if (!preview) return null;
  const message: EmailMessage = {
    ...preview.message,
    subject: `[TEST] ${preview.message.subject}`,
    // Not list mail: a test has no subscription to leave.
    headers: {},
  };
  try {
    await getEmailTransport().sendBatch([message], { idempotencyKey: `update-test/${id}/${randomUUID()}` });
  } catch (error) {
    log.warn("update test email failed", { updateId: id, ...describeError(error) });
    return { ok: false, error: "staff.updates.error.testFailed" };
  }
  await recordAudit({
    actorId: actor.userId,
    action: "update.test-sent",
    targetType: "update",
    targetId: id,
    details: { locale },
    ipHash: actor.ipHash,
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Sending, scheduling, pausing

/**
 * Drops the queued (not yet running) send job of an update. The queue is "stately" per update, so
 * a rescheduled job would otherwise be refused while the old one waits for its old time. pg-boss
 * marks a cancelled job the same way (state `cancelled`).
 */
async function cancelQueuedSend(db: Db, updateId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE pgboss.job SET state = 'cancelled', completed_on = now()
    WHERE name = ${SEND_UPDATE_JOB} AND singleton_key = ${updateId} AND state < 'active'`;
}

async function currentStatus(id: string): Promise<UpdateStatus | null> {
  const row = await getPrisma().update.findUnique({ where: { id }, select: { status: true } });
  return row?.status ?? null;
}

/** Starts the fan-out now, from a draft or in place of a schedule. */
export async function sendUpdateNow(id: string, actor: StaffActor): Promise<UpdateActionResult | null> {
  const status = await currentStatus(id);
  if (!status) return null;
  if (status === "scheduled") await unscheduleUpdate(id, actor, { audit: false });
  if (!(await startUpdateSend(id))) return { ok: false, error: "staff.updates.error.wrongState" };
  await recordAudit({
    actorId: actor.userId,
    action: "update.sent",
    targetType: "update",
    targetId: id,
    details: { from: status },
    ipHash: actor.ipHash,
  });
  return { ok: true };
}

/** Schedules a draft (or moves a schedule): the job is queued to start at that time. */
export async function scheduleUpdate(
  id: string,
  input: unknown,
  actor: StaffActor,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: StaffMessageKey; field?: "scheduledAt" } | null> {
  const status = await currentStatus(id);
  if (!status) return null;
  const parsed = ScheduleSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]!.message as StaffMessageKey, field: "scheduledAt" };
  const at = seoulWallClock(parsed.data.scheduledAt);
  if (Number.isNaN(at.getTime()))
    return { ok: false, error: "staff.updates.error.scheduleFormat", field: "scheduledAt" };
  if (at.getTime() <= now.getTime())
    return { ok: false, error: "staff.updates.error.schedulePast", field: "scheduledAt" };
  return getPrisma().$transaction(async (db) => {
    const moved = await db.update.updateMany({
      where: { id, status: { in: ["draft", "scheduled"] } },
      data: { status: "scheduled", scheduledAt: at },
    });
    if (moved.count === 0)
      return { ok: false as const, error: "staff.updates.error.wrongState" as StaffMessageKey };
    await cancelQueuedSend(db, id);
    await enqueueJob(
      db,
      SEND_UPDATE_JOB,
      { updateId: id },
      {
        singletonKey: id,
        startAfterSeconds: Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)),
      },
    );
    await recordAudit(
      {
        actorId: actor.userId,
        action: "update.scheduled",
        targetType: "update",
        targetId: id,
        details: { scheduledAt: at.toISOString(), rescheduled: status === "scheduled" },
        ipHash: actor.ipHash,
      },
      db,
    );
    return { ok: true as const };
  });
}

/** A scheduled update back to draft; its queued job is cancelled (and would do nothing anyway). */
export async function unscheduleUpdate(
  id: string,
  actor: StaffActor,
  options: { audit?: boolean } = {},
): Promise<UpdateActionResult | null> {
  if (!(await currentStatus(id))) return null;
  return getPrisma().$transaction(async (db) => {
    const moved = await db.update.updateMany({
      where: { id, status: "scheduled" },
      data: { status: "draft", scheduledAt: null },
    });
    if (moved.count === 0)
      return { ok: false as const, error: "staff.updates.error.wrongState" as StaffMessageKey };
    await cancelQueuedSend(db, id);
    if (options.audit !== false) {
      await recordAudit(
        {
          actorId: actor.userId,
          action: "update.unscheduled",
          targetType: "update",
          targetId: id,
          ipHash: actor.ipHash,
        },
        db,
      );
    }
    return { ok: true as const };
  });
}

/**
 * Stops a running send between batches: the job claims no new batch once it sees `paused`
 * (claiming locks the update row, so a pause waits for a claim under way); a batch already
 * claimed is sent, and nothing is sent twice.
 */
export async function pauseUpdate(id: string, actor: StaffActor): Promise<UpdateActionResult | null> {
  if (!(await currentStatus(id))) return null;
  return getPrisma().$transaction(async (db) => {
    const moved = await db.update.updateMany({
      where: { id, status: "sending" },
      data: { status: "paused", pausedAt: new Date() },
    });
    if (moved.count === 0)
      return { ok: false as const, error: "staff.updates.error.wrongState" as StaffMessageKey };
    await recordAudit(
      {
        actorId: actor.userId,
        action: "update.paused",
        targetType: "update",
        targetId: id,
        ipHash: actor.ipHash,
      },
      db,
    );
    return { ok: true as const };
  });
}

/** Continues a paused send where it stopped: the remaining delivery rows, each once. */
export async function resumeUpdate(id: string, actor: StaffActor): Promise<UpdateActionResult | null> {
  if (!(await currentStatus(id))) return null;
  return getPrisma().$transaction(async (db) => {
    const moved = await db.update.updateMany({
      where: { id, status: "paused" },
      data: { status: "sending", pausedAt: null },
    });
    if (moved.count === 0)
      return { ok: false as const, error: "staff.updates.error.wrongState" as StaffMessageKey };
    await enqueueJob(db, SEND_UPDATE_JOB, { updateId: id }, { singletonKey: id });
    await recordAudit(
      {
        actorId: actor.userId,
        action: "update.resumed",
        targetType: "update",
        targetId: id,
        ipHash: actor.ipHash,
      },
      db,
    );
    return { ok: true as const };
  });
}
