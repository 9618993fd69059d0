import type { CampaignStatus, PrivacyMode } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { getPrisma } from "~/utils/db.server";

export type CampaignTargetView = { iso3: string; name: string; flag: string; onCouncil: boolean };

/** A country's flag, served from our own origin (the flag-icons SVGs; see http-app.server.ts). */
export function flagPath(iso2: string): string {
  return `/flags/${iso2.toLowerCase()}.svg`;
}

type CountryNames = { iso3: string; nameEn: string; nameKo: string; nameJa: string };

export function countryName(country: CountryNames, locale: Locale): string {
  return locale === "ko" ? country.nameKo : locale === "ja" ? country.nameJa : country.nameEn;
}

/** The Security Council year in which "sits on the Council" is judged: the current UTC year. */
export function councilYear(now = new Date()): number {
  return now.getUTCFullYear();
}

function campaignInclude(year: number) {
  return {
    translations: true,
    targets: {
      orderBy: { position: "asc" as const },
      include: { country: { include: { councilSeats: { where: { year }, select: { year: true } } } } },
    },
  };
}

type LoadedCampaign = Awaited<ReturnType<typeof loadCampaigns>>[number];

// Archived campaigns leave the public list, but their page stays readable at its address: people
// who signed, and links already shared, still find what the campaign asked and what came of it.
const LISTED = ["live", "closed"] as const;
const READABLE = ["live", "closed", "archived"] as const;

function loadCampaigns(where: { slug?: string }, year: number, statuses: readonly CampaignStatus[]) {
  return getPrisma().campaign.findMany({
    where: { ...where, status: { in: [...statuses] } },
    orderBy: { publishedAt: "desc" },
    include: campaignInclude(year),
  });
}

/** Whether a campaign still takes signatures: live, and its deadline (if any) not yet passed. */
export function isSigningOpen(
  campaign: { status: CampaignStatus; deadline: Date | null },
  now = new Date(),
): boolean {
  return campaign.status === "live" && (campaign.deadline === null || campaign.deadline > now);
}

function toView(campaign: LoadedCampaign, locale: Locale, now = new Date()) {
  // Fall back to the language the campaign was written in when a translation is missing; the page
  // says so (`fallback`), in the reader's language.
  // A translation staff have only begun (no title, summary or petition yet) counts as missing.
  const complete = campaign.translations.filter((t) => t.title && t.summary && t.petition);
  const text =
    complete.find((t) => t.locale === locale) ??
    complete.find((t) => t.locale === campaign.sourceLocale) ??
    complete[0] ??
    campaign.translations[0];
  return {
    id: campaign.id,
    slug: campaign.slug,
    status: campaign.status,
    signatureGoal: campaign.signatureGoal,
    // A money goal (minor units of its one currency): the page then shows a fundraising bar.
    donationGoal:
      campaign.donationGoal !== null && campaign.donationGoalCurrency !== null
        ? { amount: campaign.donationGoal, currency: campaign.donationGoalCurrency }
        : null,
    textLocale: text?.locale ?? campaign.sourceLocale,
    title: text?.title ?? campaign.slug,
    summary: text?.summary ?? "",
    petition: text?.petition ?? "",
    background: text?.background ?? "",
    shareText: text?.shareText ?? "",
    outcome: text?.outcome ?? "",
    fallback: text !== undefined && text.locale !== locale,
    privacyMode: campaign.privacyMode,
    deadline: campaign.deadline?.toISOString() ?? null,
    signingOpen: isSigningOpen(campaign, now),
    targets: campaign.targets.map((target): CampaignTargetView => ({
      iso3: target.countryIso3,
      name: countryName(target.country, locale),
      flag: flagPath(target.country.iso2),
      onCouncil: target.country.councilSeats.length > 0,
    })),
  };
}

export type CampaignView = ReturnType<typeof toView>;

/** Live and closed campaigns (not archived ones), newest first, in the reader's language. */
export async function listPublicCampaigns(locale: Locale, year = councilYear()): Promise<CampaignView[]> {
  const campaigns = await loadCampaigns({}, year, LISTED);
  return campaigns.map((campaign) => toView(campaign, locale));
}

export async function findPublicCampaign(
  slug: string,
  locale: Locale,
  year = councilYear(),
): Promise<CampaignView | undefined> {
  const [campaign] = await loadCampaigns({ slug }, year, READABLE);
  return campaign ? toView(campaign, locale) : undefined;
}

/**
 * The slug a campaign has now, when `slug` is one it had before its slug changed while it was
 * public: the old address redirects there, so links already shared keep working.
 */
export async function findRenamedCampaignSlug(slug: string): Promise<string | null> {
  const redirect = await getPrisma().campaignSlugRedirect.findUnique({
    where: { slug },
    select: { campaign: { select: { slug: true, status: true } } },
  });
  const campaign = redirect?.campaign;
  return campaign && (READABLE as readonly string[]).includes(campaign.status) ? campaign.slug : null;
}

const SIGNING_CACHE_MS = 5_000;
type SigningCampaign = { id: string; slug: string; deadline: Date | null; privacyMode: PrivacyMode };
const signingCache = new Map<string, { campaign: SigningCampaign | null; at: number }>();

/**
 * The campaign a signature is for, if it still takes signatures (live, deadline not passed). The
 * sign path needs only its id, and under a spike every request asks for the same one, so the
 * answer is kept for 5 s: closing a campaign takes effect within that; a deadline, at once.
 */
export async function findLiveCampaignForSigning(
  slug: string,
  now = new Date(),
): Promise<Omit<SigningCampaign, "deadline"> | null> {
  const cached = signingCache.get(slug);
  let campaign: SigningCampaign | null;
  if (cached && Date.now() - cached.at < SIGNING_CACHE_MS) {
    campaign = cached.campaign;
  } else {
    campaign = await getPrisma().campaign.findFirst({
      where: { slug, status: "live" },
      select: { id: true, slug: true, deadline: true, privacyMode: true },
    });
    if (signingCache.size > 1_000) signingCache.clear();
    signingCache.set(slug, { campaign, at: Date.now() });
  }
  if (!campaign || !isSigningOpen({ status: "live", deadline: campaign.deadline }, now)) return null;
  return { id: campaign.id, slug: campaign.slug, privacyMode: campaign.privacyMode };
}

/** Forgets what the sign path cached about a campaign, so staff changes apply at once here. */
export function forgetSigningCampaign(slug: string): void {
  signingCache.delete(slug);
}

/** Any campaign, drafts included, as its public page would show it: for staff previews only. */
export async function findCampaignForPreview(
  id: string,
  locale: Locale,
  year = councilYear(),
): Promise<CampaignView | undefined> {
  // The id comes from a URL; PostgreSQL would refuse a malformed one rather than find nothing.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const campaign = await getPrisma().campaign.findUnique({ where: { id }, include: campaignInclude(year) });
  return campaign ? toView(campaign, locale) : undefined;
}
