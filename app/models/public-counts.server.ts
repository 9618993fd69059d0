// Signature counts as anyone may see them: campaign pages and the JSON API. A small per-country
// count can point at a person (THREATS.md, rule 3), so it is published only as "fewer than", and
// the DPRK and a campaign's sensitive countries are never shown apart from the "other" row.
import { countSignatures, OTHER_COUNTRY, publicSigner, type RecentSigner } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";

/** Below this many signers a country's count is shown as "fewer than": too few to hide among. */
export const SMALL_COUNT_THRESHOLD = 5;

// A signer from the DPRK can endanger family still there, whatever a campaign's own list says.
const ALWAYS_SENSITIVE = "PRK";

export type PublicCount = { count: number } | { fewerThan: number };

export type PublicCounts = {
  /** Exact: the one number shared by every signer says nothing about any one of them. */
  total: number;
  /** ISO alpha-3 (or "ZZZ" for the "other" row) to a count that is safe to publish. */
  byCountry: Record<string, PublicCount>;
};

type RawCounts = { total: number; byCountry: Record<string, number> };

function hiddenCountries(sensitiveCountries: readonly string[]): Set<string> {
  // Staff type this list; a stray space or lower case must not quietly publish a country.
  return new Set([ALWAYS_SENSITIVE, ...sensitiveCountries.map((code) => code.trim().toUpperCase())]);
}

function publicCount(count: number): PublicCount {
  return count < SMALL_COUNT_THRESHOLD ? { fewerThan: SMALL_COUNT_THRESHOLD } : { count };
}

/**
 * Raw per-country counts (from countSignatures) made safe to publish: the DPRK and the campaign's
 * sensitive countries folded into the "other" row, and any row below the threshold, "other"
 * included, shown only as "fewer than". Exact rows come first, largest first; then "fewer than"
 * rows by code, because ordering them by size would tell their sizes apart; "other" comes last.
 */
export function publishableCounts(raw: RawCounts, sensitiveCountries: readonly string[]): PublicCounts {
  const hidden = hiddenCountries(sensitiveCountries);
  const shown: [string, number][] = [];
  let other = 0;
  for (const [iso3, count] of Object.entries(raw.byCountry)) {
    if (count <= 0) continue;
    if (iso3 === OTHER_COUNTRY || hidden.has(iso3)) other += count;
    else shown.push([iso3, count]);
  }
  const exact = shown
    .filter(([, count]) => count >= SMALL_COUNT_THRESHOLD)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const small = shown
    .filter(([, count]) => count < SMALL_COUNT_THRESHOLD)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const rows = other > 0 ? [...exact, ...small, [OTHER_COUNTRY, other] as const] : [...exact, ...small];
  return {
    total: raw.total,
    byCountry: Object.fromEntries(rows.map(([iso3, count]) => [iso3, publicCount(count)])),
  };
}

function findPrivacySettings(campaignId: string) {
  return getPrisma().campaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { sensitiveCountries: true, privacyMode: true },
  });
}

async function findSensitiveCountries(campaignId: string): Promise<string[]> {
  return (await findPrivacySettings(campaignId)).sensitiveCountries;
}

/** A campaign's counts as the public may see them. */
export async function countPublicSignatures(campaignId: string): Promise<PublicCounts> {
  const [raw, sensitiveCountries] = await Promise.all([
    countSignatures(campaignId),
    findSensitiveCountries(campaignId),
  ]);
  return publishableCounts(raw, sensitiveCountries);
}

/**
 * The latest confirmed signers, showing only what each chose to show, and without the country of
 * anyone from a country the counts fold away: "J. K. · <country>" would single out the very signer
 * that folding protects. (DPRK signers are already shown anonymously, and anonymous signers show
 * no country.) The only list of signers anything public may show. An at-risk campaign shows
 * nobody: only counts (THREATS.md), whatever each signer chose.
 */
export async function listRecentSigners(campaignId: string, limit = 10): Promise<RecentSigner[]> {
  const { privacyMode, sensitiveCountries } = await findPrivacySettings(campaignId);
  if (privacyMode === "at_risk") return [];
  const rows = await getPrisma().signature.findMany({
    where: { campaignId, status: "confirmed", flagged: false },
    orderBy: { confirmedAt: "desc" },
    take: limit,
    select: { name: true, displayChoice: true, countryIso3: true, confirmedAt: true },
  });
  const hidden = hiddenCountries(sensitiveCountries);
  return rows.map((row) => {
    const signer = { ...publicSigner(row), confirmedAt: row.confirmedAt! };
    return signer.countryIso3 && hidden.has(signer.countryIso3) ? { ...signer, countryIso3: null } : signer;
  });
}
