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

function loadCampaigns(where: { slug?: string }, year: number) {
  return getPrisma().campaign.findMany({
    where: { ...where, status: { in: ["live", "closed"] } },
    orderBy: { publishedAt: "desc" },
    include: campaignInclude(year),
  });
}

function toView(campaign: LoadedCampaign, locale: Locale) {
  // Fall back to the language the campaign was written in when a translation is missing.
  const text =
    campaign.translations.find((t) => t.locale === locale) ??
    campaign.translations.find((t) => t.locale === campaign.sourceLocale) ??
    campaign.translations[0];
  return {
    id: campaign.id,
    slug: campaign.slug,
    status: campaign.status,
    signatureGoal: campaign.signatureGoal,
    textLocale: text?.locale ?? campaign.sourceLocale,
    title: text?.title ?? campaign.slug,
    summary: text?.summary ?? "",
    petition: text?.petition ?? "",
    background: text?.background ?? "",
    targets: campaign.targets.map((target): CampaignTargetView => ({
      iso3: target.countryIso3,
      name: countryName(target.country, locale),
      flag: flagPath(target.country.iso2),
      onCouncil: target.country.councilSeats.length > 0,
    })),
  };
}

export type CampaignView = ReturnType<typeof toView>;

/** Live and closed campaigns, newest first, in the reader's language. */
export async function listPublicCampaigns(locale: Locale, year = councilYear()): Promise<CampaignView[]> {
  const campaigns = await loadCampaigns({}, year);
  return campaigns.map((campaign) => toView(campaign, locale));
}

export async function findPublicCampaign(
  slug: string,
  locale: Locale,
  year = councilYear(),
): Promise<CampaignView | undefined> {
  const [campaign] = await loadCampaigns({ slug }, year);
  return campaign ? toView(campaign, locale) : undefined;
}

const SIGNING_CACHE_MS = 5_000;
const signingCache = new Map<string, { campaign: { id: string; slug: string } | null; at: number }>();

/**
 * The campaign a signature is for, if it is live (closed campaigns take no more signatures). The
 * sign path needs only its id, and under a spike every request asks for the same one, so the
 * answer is kept for 5 s: closing a campaign takes effect within that.
 */
export async function findLiveCampaignForSigning(slug: string): Promise<{ id: string; slug: string } | null> {
  const cached = signingCache.get(slug);
  if (cached && Date.now() - cached.at < SIGNING_CACHE_MS) return cached.campaign;
  const campaign = await getPrisma().campaign.findFirst({
    where: { slug, status: "live" },
    select: { id: true, slug: true },
  });
  if (signingCache.size > 1_000) signingCache.clear();
  signingCache.set(slug, { campaign, at: Date.now() });
  return campaign;
}
