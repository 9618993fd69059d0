// Campaigns as staff run them: create, edit, publish, close, archive. Only campaign, translation,
// target and slug-redirect rows are written here: signatures and their counts are never touched,
// so editing a live campaign cannot lose a signature or change a count.
import type { CampaignStatus, Prisma } from "~/generated/prisma/client";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { recordAudit } from "~/models/audit.server";
import { councilYear, countryName, forgetSigningCampaign } from "~/models/campaign.server";
import { getPrisma } from "~/utils/db.server";
import {
  CampaignFormSchema,
  campaignFormErrors,
  donationGoalForForm,
  donationGoalFrom,
  TRANSLATION_FIELDS,
  type CampaignFormErrors,
  type CampaignFormValues,
  type CampaignInput,
  type TranslationInput,
} from "~/utils/campaign-form";

/** Who is acting, for the audit log. */
export type StaffActor = { userId: string; ipHash?: string };

export type SaveResult = { ok: true; id: string } | { ok: false; errors: CampaignFormErrors };
export type TransitionResult = { ok: true } | { ok: false; error: StaffMessageKey };

// Wall-clock times typed by staff are in Seoul time, which has had no daylight saving since 1988.
const STAFF_UTC_OFFSET = "+09:00";

function deadlineFrom(input: string): Date | null {
  if (!input) return null;
  const withSeconds = input.length === 16 ? `${input}:00` : input;
  return new Date(`${withSeconds}${STAFF_UTC_OFFSET}`);
}

/** A deadline as the editor's datetime-local field shows it, in Seoul time. */
export function deadlineForForm(deadline: Date | null): string {
  if (!deadline) return "";
  return new Date(deadline.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
}

/** The editor's form, filled in from a saved campaign. */
export function campaignFormValues(campaign: StaffCampaign): CampaignFormValues {
  const fields: Record<string, string> = {
    slug: campaign.slug,
    sourceLocale: campaign.sourceLocale,
    signatureGoal: String(campaign.signatureGoal),
    deadline: campaign.deadlineInput,
    privacyMode: campaign.privacyMode,
    donationGoal: donationGoalForForm(campaign.donationGoal, campaign.donationGoalCurrency),
    donationGoalCurrency: campaign.donationGoalCurrency ?? "",
  };
  for (const locale of LOCALES) {
    for (const field of TRANSLATION_FIELDS)
      fields[`${locale}.${field}`] = campaign.translations[locale][field];
  }
  return { fields, targets: campaign.targets };
}

/** The editor's form for a new campaign. */
export function newCampaignFormValues(sourceLocale: Locale): CampaignFormValues {
  return { fields: { sourceLocale, signatureGoal: "10000", privacyMode: "normal" }, targets: [] };
}

/** A translation is complete, and so shown to the public, once it has title, summary and petition. */
export function isTranslationComplete(
  text: Pick<TranslationInput, "title" | "summary" | "petition">,
): boolean {
  return Boolean(text.title.trim() && text.summary.trim() && text.petition.trim());
}

function hasAnyText(text: TranslationInput): boolean {
  return TRANSLATION_FIELDS.some((field) => text[field].trim() !== "");
}

/** Every campaign, newest first, with its signature counts by state: the staff list. */
export async function listCampaignsForStaff() {
  const prisma = getPrisma();
  const [campaigns, counts] = await Promise.all([
    prisma.campaign.findMany({
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        slug: true,
        status: true,
        sourceLocale: true,
        signatureGoal: true,
        deadline: true,
        createdAt: true,
        updatedAt: true,
        translations: { select: { locale: true, title: true, summary: true, petition: true } },
      },
    }),
    prisma.signature.groupBy({ by: ["campaignId", "status", "flagged"], _count: { _all: true } }),
  ]);
  return campaigns.map((campaign) => {
    const mine = counts.filter((row) => row.campaignId === campaign.id);
    const sum = (match: (row: (typeof mine)[number]) => boolean) =>
      mine.filter(match).reduce((total, row) => total + row._count._all, 0);
    const source = campaign.translations.find((t) => t.locale === campaign.sourceLocale);
    return {
      id: campaign.id,
      slug: campaign.slug,
      status: campaign.status,
      title: source?.title || campaign.slug,
      titleLocale: source ? campaign.sourceLocale : null,
      languages: LOCALES.filter((locale) =>
        campaign.translations.some((t) => t.locale === locale && isTranslationComplete(t)),
      ),
      signatureGoal: campaign.signatureGoal,
      deadline: campaign.deadline?.toISOString() ?? null,
      updatedAt: campaign.updatedAt.toISOString(),
      confirmed: sum((row) => row.status === "confirmed" && !row.flagged),
      pending: sum((row) => row.status === "pending" && !row.flagged),
      flagged: sum((row) => row.flagged && row.status !== "withdrawn"),
    };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One campaign with everything the editor and the overview show, or null. */
export async function getCampaignForStaff(id: string) {
  // An id from a URL: anything but a UUID is simply not found (PostgreSQL would reject the cast).
  if (!UUID.test(id)) return null;
  const campaign = await getPrisma().campaign.findUnique({
    where: { id },
    include: {
      translations: true,
      targets: { orderBy: { position: "asc" } },
      slugRedirects: { orderBy: { createdAt: "asc" }, select: { slug: true } },
    },
  });
  if (!campaign) return null;
  const blank = Object.fromEntries(TRANSLATION_FIELDS.map((field) => [field, ""])) as TranslationInput;
  const translations = Object.fromEntries(
    LOCALES.map((locale) => {
      const row = campaign.translations.find((t) => t.locale === locale);
      return [locale, row ? { ...blank, ...pickTexts(row) } : blank];
    }),
  ) as Record<Locale, TranslationInput>;
  return {
    id: campaign.id,
    slug: campaign.slug,
    status: campaign.status,
    sourceLocale: campaign.sourceLocale,
    signatureGoal: campaign.signatureGoal,
    donationGoal: campaign.donationGoal,
    donationGoalCurrency: campaign.donationGoalCurrency,
    deadline: campaign.deadline?.toISOString() ?? null,
    deadlineInput: deadlineForForm(campaign.deadline),
    privacyMode: campaign.privacyMode,
    publishedAt: campaign.publishedAt?.toISOString() ?? null,
    closedAt: campaign.closedAt?.toISOString() ?? null,
    archivedAt: campaign.archivedAt?.toISOString() ?? null,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
    targets: campaign.targets.map((target) => target.countryIso3),
    oldSlugs: campaign.slugRedirects.map((redirect) => redirect.slug),
    translations,
    completeLanguages: LOCALES.filter((locale) => isTranslationComplete(translations[locale])),
  };
}

export type StaffCampaign = NonNullable<Awaited<ReturnType<typeof getCampaignForStaff>>>;

function pickTexts(row: TranslationInput): TranslationInput {
  return Object.fromEntries(TRANSLATION_FIELDS.map((field) => [field, row[field]])) as TranslationInput;
}

/** UN member states for the target picker, in `locale`, with this year's Council members marked. */
export async function listTargetChoices(locale: Locale, year = councilYear()) {
  const countries = await getPrisma().country.findMany({
    where: { unMember: true },
    include: { councilSeats: { where: { year }, select: { kind: true } } },
  });
  return countries
    .map((country) => ({
      iso3: country.iso3,
      name: countryName(country, locale),
      council: country.councilSeats[0]?.kind ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

type Db = Prisma.TransactionClient;

/** Errors from rules the schema cannot see: unknown targets, a slug already taken. */
async function checkAgainstDatabase(db: Db, input: CampaignInput, campaignId: string | null) {
  const errors: CampaignFormErrors = {};
  if (input.targets.length > 0) {
    const known = await db.country.count({ where: { iso3: { in: input.targets }, unMember: true } });
    if (known !== input.targets.length) errors.targets = "staff.campaigns.error.targets";
  }
  const [holder, redirect] = await Promise.all([
    db.campaign.findUnique({ where: { slug: input.slug }, select: { id: true } }),
    db.campaignSlugRedirect.findUnique({ where: { slug: input.slug }, select: { campaignId: true } }),
  ]);
  // An old slug of another campaign still redirects there; it cannot be given to this one.
  if ((holder && holder.id !== campaignId) || (redirect && redirect.campaignId !== campaignId)) {
    errors.slug = "staff.campaigns.error.slugTaken";
  }
  return errors;
}

function parseInput(
  input: unknown,
): { ok: true; data: CampaignInput } | { ok: false; errors: CampaignFormErrors } {
  const parsed = CampaignFormSchema.safeParse(input);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: campaignFormErrors(parsed.error) };
}

// Translations with any text are saved; a language left wholly empty has no row, so the public
// page falls back from it visibly.
async function writeTranslations(db: Db, campaignId: string, input: CampaignInput) {
  for (const locale of LOCALES) {
    const text = input.translations[locale];
    if (hasAnyText(text)) {
      await db.campaignTranslation.upsert({
        where: { campaignId_locale: { campaignId, locale } },
        create: { campaignId, locale, ...text },
        update: text,
      });
    } else {
      await db.campaignTranslation.deleteMany({ where: { campaignId, locale } });
    }
  }
}

async function writeTargets(db: Db, campaignId: string, targets: string[]) {
  await db.campaignTarget.deleteMany({ where: { campaignId } });
  await db.campaignTarget.createMany({
    data: targets.map((countryIso3, position) => ({ campaignId, countryIso3, position })),
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** A new draft from the editor's form; field errors when the input is bad (nothing is saved). */
export async function createCampaign(input: unknown, actor: StaffActor): Promise<SaveResult> {
  const parsed = parseInput(input);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  try {
    return await getPrisma().$transaction(async (db) => {
      const errors = await checkAgainstDatabase(db, data, null);
      if (Object.keys(errors).length > 0) return { ok: false as const, errors };
      const campaign = await db.campaign.create({
        data: {
          slug: data.slug,
          sourceLocale: data.sourceLocale,
          signatureGoal: data.signatureGoal,
          deadline: deadlineFrom(data.deadline),
          privacyMode: data.privacyMode,
          ...donationGoalFrom(data),
        },
      });
      await writeTranslations(db, campaign.id, data);
      await writeTargets(db, campaign.id, data.targets);
      await recordAudit(
        {
          actorId: actor.userId,
          action: "campaign.created",
          targetType: "campaign",
          targetId: campaign.id,
          details: { slug: data.slug, languages: LOCALES.filter((l) => hasAnyText(data.translations[l])) },
          ipHash: actor.ipHash,
        },
        db,
      );
      return { ok: true as const, id: campaign.id };
    });
  } catch (error) {
    // Two campaigners choosing one slug at the same moment: the second is told, as for any taken slug.
    if (isUniqueViolation(error)) return { ok: false, errors: { slug: "staff.campaigns.error.slugTaken" } };
    throw error;
  }
}

/** The names (never the contents) of the fields an edit changes, for the audit log. */
function changedFields(before: StaffCampaign, data: CampaignInput): string[] {
  const changed: string[] = [];
  if (before.slug !== data.slug) changed.push("slug");
  if (before.sourceLocale !== data.sourceLocale) changed.push("sourceLocale");
  if (before.signatureGoal !== data.signatureGoal) changed.push("signatureGoal");
  if (before.deadlineInput !== (data.deadline ? data.deadline.slice(0, 16) : "")) changed.push("deadline");
  if (before.privacyMode !== data.privacyMode) changed.push("privacyMode");
  const goal = donationGoalFrom(data);
  if (before.donationGoal !== goal.donationGoal || before.donationGoalCurrency !== goal.donationGoalCurrency)
    changed.push("donationGoal");
  if (before.targets.join() !== data.targets.join()) changed.push("targets");
  for (const locale of LOCALES) {
    for (const field of TRANSLATION_FIELDS) {
      if (before.translations[locale][field] !== data.translations[locale][field])
        changed.push(`${locale}.${field}`);
    }
  }
  return changed;
}

/**
 * Saves the editor's form over a campaign. A draft's slug changes freely; a published campaign's
 * old slug is kept as a redirect, so shared links keep working. A live campaign must stay
 * publishable: its default language cannot be emptied nor its targets removed.
 */
export async function updateCampaign(
  id: string,
  input: unknown,
  actor: StaffActor,
): Promise<SaveResult | null> {
  const before = await getCampaignForStaff(id);
  if (!before) return null;
  const parsed = parseInput(input);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  if (before.status !== "draft") {
    const errors = publishErrors(
      data.translations[data.sourceLocale],
      data.targets.length,
      data.sourceLocale,
    );
    if (errors) return { ok: false, errors };
  }
  const changed = changedFields(before, data);
  try {
    const result = await getPrisma().$transaction(async (db) => {
      const errors = await checkAgainstDatabase(db, data, id);
      if (Object.keys(errors).length > 0) return { ok: false as const, errors };
      if (changed.length === 0) return { ok: true as const, id };
      if (before.slug !== data.slug) {
        // The new slug may be one this campaign had before: it stops being a redirect.
        await db.campaignSlugRedirect.deleteMany({ where: { slug: data.slug, campaignId: id } });
        if (before.status !== "draft") {
          await db.campaignSlugRedirect.create({ data: { slug: before.slug, campaignId: id } });
        }
      }
      await db.campaign.update({
        where: { id },
        data: {
          slug: data.slug,
          sourceLocale: data.sourceLocale,
          signatureGoal: data.signatureGoal,
          deadline: deadlineFrom(data.deadline),
          privacyMode: data.privacyMode,
          ...donationGoalFrom(data),
        },
      });
      await writeTranslations(db, id, data);
      if (changed.includes("targets")) await writeTargets(db, id, data.targets);
      await recordAudit(
        {
          actorId: actor.userId,
          action: "campaign.edited",
          targetType: "campaign",
          targetId: id,
          details: { changed, status: before.status },
          ipHash: actor.ipHash,
        },
        db,
      );
      return { ok: true as const, id };
    });
    forgetSigningCampaign(before.slug);
    return result;
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { slug: "staff.campaigns.error.slugTaken" } };
    throw error;
  }
}

/** Why a campaign cannot go (or stay) live, as field errors; null when it can. */
function publishErrors(
  source: Pick<TranslationInput, "title" | "summary" | "petition">,
  targetCount: number,
  sourceLocale?: Locale,
): CampaignFormErrors | null {
  const errors: CampaignFormErrors = {};
  const prefix = sourceLocale ? `${sourceLocale}.` : "";
  if (!source.title.trim()) errors[`${prefix}title`] = "staff.campaigns.error.requiredToPublish";
  if (!source.summary.trim()) errors[`${prefix}summary`] = "staff.campaigns.error.requiredToPublish";
  if (!source.petition.trim()) errors[`${prefix}petition`] = "staff.campaigns.error.requiredToPublish";
  if (targetCount === 0) errors.targets = "staff.campaigns.error.targetsRequired";
  return Object.keys(errors).length > 0 ? errors : null;
}

/** What stops a campaign from being published, for the overview page (empty when it can be). */
export function publishBlockers(campaign: StaffCampaign): string[] {
  const errors = publishErrors(
    campaign.translations[campaign.sourceLocale],
    campaign.targets.length,
    campaign.sourceLocale,
  );
  return errors ? Object.keys(errors) : [];
}

const TRANSITIONS = {
  publish: { from: ["draft"], to: "live", audit: "campaign.published" },
  close: { from: ["live"], to: "closed", audit: "campaign.closed" },
  archive: { from: ["draft", "closed"], to: "archived", audit: "campaign.archived" },
} as const satisfies Record<
  string,
  {
    from: CampaignStatus[];
    to: CampaignStatus;
    audit: "campaign.published" | "campaign.closed" | "campaign.archived";
  }
>;

export type CampaignTransition = keyof typeof TRANSITIONS;

export function isCampaignTransition(value: unknown): value is CampaignTransition {
  return typeof value === "string" && Object.hasOwn(TRANSITIONS, value);
}

/** The transitions a campaign in `status` can take now. */
export function availableTransitions(status: CampaignStatus): CampaignTransition[] {
  return (Object.keys(TRANSITIONS) as CampaignTransition[]).filter((name) =>
    (TRANSITIONS[name].from as readonly CampaignStatus[]).includes(status),
  );
}

/**
 * draft → live (the default language's title, summary and petition, and a target, required) →
 * closed → archived; a draft may also be archived unpublished. Each step is audited.
 */
export async function transitionCampaign(
  id: string,
  transition: CampaignTransition,
  actor: StaffActor,
  now = new Date(),
): Promise<TransitionResult | null> {
  const campaign = await getCampaignForStaff(id);
  if (!campaign) return null;
  const step = TRANSITIONS[transition];
  if (!(step.from as readonly CampaignStatus[]).includes(campaign.status)) {
    return { ok: false, error: "staff.campaigns.error.wrongState" };
  }
  if (transition === "publish" && publishBlockers(campaign).length > 0) {
    return { ok: false, error: "staff.campaigns.error.notReady" };
  }
  const stamp =
    transition === "publish"
      ? { publishedAt: now }
      : transition === "close"
        ? { closedAt: now }
        : { archivedAt: now };
  const updated = await getPrisma().$transaction(async (db) => {
    // Conditional on the state read above, so two clicks at once make one transition.
    const { count } = await db.campaign.updateMany({
      where: { id, status: campaign.status },
      data: { status: step.to, ...stamp },
    });
    if (count === 0) return false;
    await recordAudit(
      {
        actorId: actor.userId,
        action: step.audit,
        targetType: "campaign",
        targetId: id,
        details: { from: campaign.status, to: step.to },
        ipHash: actor.ipHash,
      },
      db,
    );
    return true;
  });
  forgetSigningCampaign(campaign.slug);
  return updated ? { ok: true } : { ok: false, error: "staff.campaigns.error.wrongState" };
}
