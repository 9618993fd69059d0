// A campaign's dashboard for staff: signatures per day by where they stand, counts by country,
// and the fate of its emails. Staff see exact counts, but the DPRK and the campaign's sensitive
// countries are folded into "other" as on public pages: nobody needs a map to single them out.
import countryCodes from "i18n-iso-countries";
import type { Locale } from "~/i18n/locales";
import { countryName } from "~/models/campaign.server";
import { OTHER_COUNTRY, countSignatures } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { EMAIL_OUTCOMES, type EmailOutcome } from "~/utils/staff-ops";

// Days are the staff's days (the staff area shows Seoul time everywhere).
const DASHBOARD_TIME_ZONE = "Asia/Seoul";
const ALWAYS_FOLDED = "PRK";

export async function findDashboardCampaign(campaignId: string, locale: Locale) {
  if (!/^[0-9a-f-]{36}$/i.test(campaignId)) return null;
  const campaign = await getPrisma().campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      slug: true,
      status: true,
      privacyMode: true,
      sourceLocale: true,
      sensitiveCountries: true,
      signatureGoal: true,
      translations: { select: { locale: true, title: true } },
    },
  });
  if (!campaign) return null;
  const title =
    campaign.translations.find((t) => t.locale === locale)?.title ??
    campaign.translations.find((t) => t.locale === campaign.sourceLocale)?.title ??
    campaign.slug;
  return { ...campaign, title };
}

/**
 * Names countries in the reader's language: ours for UN members and observers, the ISO list's for
 * the rest of the map (Greenland, Western Sahara, …).
 */
export async function countryNamer(locale: Locale): Promise<(iso3: string) => string> {
  const rows = await getPrisma().country.findMany({
    select: { iso3: true, nameEn: true, nameKo: true, nameJa: true },
  });
  const names = new Map(rows.map((row) => [row.iso3, countryName(row, locale)]));
  return (iso3) => names.get(iso3) ?? countryCodes.getName(iso3, locale) ?? iso3;
}

export type DayRow = { day: string; confirmed: number; pending: number; flagged: number };

/** The Seoul date `offset` days before `now`'s, as YYYY-MM-DD. */
function seoulDate(now: Date, offset = 0): string {
  const shifted = new Date(now.getTime() - offset * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: DASHBOARD_TIME_ZONE }).format(shifted);
}

/**
 * Signatures made on each of the last `days` days (Seoul time), by where each stands now: counted
 * (confirmed, not held), pending, or held (flagged). Withdrawn ones are left out. Every day is
 * listed, oldest first, zero or not.
 */
export async function countSignaturesPerDay(campaignId: string, days: number, now = new Date()) {
  const first = seoulDate(now, days - 1);
  const rows = await getPrisma().$queryRaw<
    { day: string; confirmed: number; pending: number; flagged: number }[]
  >`
    SELECT to_char((created_at AT TIME ZONE ${DASHBOARD_TIME_ZONE})::date, 'YYYY-MM-DD') AS day,
      count(*) FILTER (WHERE NOT flagged AND status = 'confirmed')::int AS confirmed,
      count(*) FILTER (WHERE NOT flagged AND status = 'pending')::int AS pending,
      count(*) FILTER (WHERE flagged)::int AS flagged
    FROM signatures
    WHERE campaign_id = ${campaignId}::uuid AND status <> 'withdrawn'
      AND created_at >= (${first}::date::timestamp AT TIME ZONE ${DASHBOARD_TIME_ZONE})
    GROUP BY 1`;
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return Array.from({ length: days }, (_, i): DayRow => {
    const day = seoulDate(now, days - 1 - i);
    const row = byDay.get(day);
    return { day, confirmed: row?.confirmed ?? 0, pending: row?.pending ?? 0, flagged: row?.flagged ?? 0 };
  });
}

/** The countries a campaign's staff views fold into "other": the DPRK and its sensitive list. */
export function foldedCountries(sensitiveCountries: readonly string[]): Set<string> {
  return new Set([ALWAYS_FOLDED, ...sensitiveCountries.map((code) => code.trim().toUpperCase())]);
}

/**
 * Counted signatures by country, exact, with folded countries added to "other" (ZZZ). Largest
 * first; "other" last.
 */
export function foldCountryCounts(byCountry: Record<string, number>, folded: Set<string>) {
  const rows: { iso3: string; count: number }[] = [];
  let other = 0;
  for (const [iso3, count] of Object.entries(byCountry)) {
    if (count <= 0) continue;
    if (iso3 === OTHER_COUNTRY || folded.has(iso3)) other += count;
    else rows.push({ iso3, count });
  }
  rows.sort((a, b) => b.count - a.count || a.iso3.localeCompare(b.iso3));
  return { rows, other };
}

export async function countSignaturesByCountry(campaignId: string, sensitiveCountries: readonly string[]) {
  const { total, byCountry } = await countSignatures(campaignId);
  return { total, ...foldCountryCounts(byCountry, foldedCountries(sensitiveCountries)) };
}

function outcomeOf(status: string): EmailOutcome {
  return status === "queued" || status === "sending" ? "waiting" : (status as EmailOutcome);
}

/**
 * The campaign's emails by kind and outcome: its updates' deliveries, and its signers'
 * confirmation and "already signed" emails. The latter are found through the submission or
 * signature they name, so those whose submission retention has deleted are no longer counted.
 */
export async function summarizeCampaignEmail(campaignId: string) {
  const rows = await getPrisma().$queryRaw<{ kind: string; status: string; count: number }[]>`
    SELECT 'update' AS kind, d.status::text AS status, count(*)::int AS count
    FROM email_deliveries d JOIN updates u ON u.id = d.update_id
    WHERE u.campaign_id = ${campaignId}::uuid
    GROUP BY d.status
    UNION ALL
    SELECT d.kind, d.status::text, count(*)::int
    FROM email_deliveries d
    JOIN signature_submissions s ON s.id::text = d.payload->>'submissionId'
    JOIN signatures g ON g.id = s.signature_id
    WHERE d.update_id IS NULL AND d.kind = 'signature-confirmation' AND g.campaign_id = ${campaignId}::uuid
    GROUP BY d.kind, d.status
    UNION ALL
    SELECT d.kind, d.status::text, count(*)::int
    FROM email_deliveries d JOIN signatures g ON g.id::text = d.payload->>'signatureId'
    WHERE d.update_id IS NULL AND d.kind = 'signature-already-confirmed' AND g.campaign_id = ${campaignId}::uuid
    GROUP BY d.kind, d.status`;
  const kinds = new Map<string, Record<EmailOutcome, number>>();
  for (const row of rows) {
    const counts =
      kinds.get(row.kind) ??
      (Object.fromEntries(EMAIL_OUTCOMES.map((outcome) => [outcome, 0])) as Record<EmailOutcome, number>);
    counts[outcomeOf(row.status)] += row.count;
    kinds.set(row.kind, counts);
  }
  return [...kinds.entries()]
    .map(([kind, counts]) => ({ kind, counts }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}
