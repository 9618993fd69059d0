// The delivery pack: what staff hand to one target mission of a campaign, as a printable page and
// a PDF built from the same document. It says how many confirmed people signed, from where, and
// when, with the petition in the mission's language and in English. It names nobody unless staff
// ask for the names of signers who chose to show theirs, and even then never a signer who ticked
// the North Korea box, nor anyone on an at-risk campaign (THREATS.md: no names in delivery packs
// by default). Per-country counts are folded as on public pages (public-counts.server.ts).
import { z } from "zod";
import type { Locale } from "~/i18n/locales";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { createTranslator } from "~/i18n/translate";
import { recordAudit } from "~/models/audit.server";
import { councilYear, countryName } from "~/models/campaign.server";
import { publishableCounts, SMALL_COUNT_THRESHOLD, type PublicCount } from "~/models/public-counts.server";
import { countSignatures, OTHER_COUNTRY } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { displayName } from "~/utils/display-name";
import { markdownParagraphs } from "~/utils/markdown-text";

/** A pack lists at most this many names: beyond it, a printed list helps nobody. */
// Laying out a name costs pdfkit a few milliseconds (a PDF of 5,000 names takes about 8 s).
export const PACK_NAME_LIMIT = 5_000;

const DeliveryPackQuerySchema = z.object({
  // A checkbox: present ("1") only when ticked.
  names: z
    .string()
    .optional()
    .transform((value) => value === "1"),
});

const PackParamsSchema = z.object({
  id: z.uuid(),
  iso3: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/)),
});

/** The language a mission reads first: Korean for the ROK, Japanese for Japan, English elsewhere. */
export function missionLocale(iso3: string): Locale {
  return iso3 === "KOR" ? "ko" : iso3 === "JPN" ? "ja" : "en";
}

/** One line of text in each of the pack's languages (the mission's first, then English). */
export type Bilingual = { locale: Locale; text: string }[];

export type PackTable = { caption: Bilingual; headers: Bilingual[]; rows: Bilingual[][]; note?: Bilingual };

export type DeliveryDocument = {
  locales: Locale[];
  missionIso3: string;
  /** The mission's country in every staff language, for the staff page around the pack. */
  missionNames: Record<Locale, string>;
  /** An at-risk campaign's pack never lists names, whatever was asked. */
  atRisk: boolean;
  heading: Bilingual;
  petitions: { locale: Locale; title: string; paragraphs: string[] }[];
  total: { label: Bilingual; value: Bilingual };
  dates: { label: Bilingual; rows: { label: Bilingual; value: Bilingual }[] };
  byCountry: PackTable;
  council: PackTable;
  names: { label: Bilingual; names: string[]; note?: Bilingual } | null;
  generatedAt: string;
};

export type PackRequest = { campaignId: string; iso3: string; includeNames: boolean; now?: Date };

/** A number reads the same in both languages: say it once. */
function once(lines: Bilingual): Bilingual {
  return lines.filter((line, index) => index === 0 || line.text !== lines[0]!.text);
}

type CountryRow = { iso3: string; nameEn: string; nameKo: string; nameJa: string };

async function loadCampaign(campaignId: string, iso3: string) {
  const campaign = await getPrisma().campaign.findUnique({
    where: { id: campaignId },
    include: { translations: true, targets: { where: { countryIso3: iso3 }, include: { country: true } } },
  });
  const mission = campaign?.targets[0]?.country;
  return campaign && mission ? { campaign, mission } : null;
}

/** The names a pack may list: confirmed, counted, chosen to be shown, never a North Korea signer. */
async function shownNames(campaignId: string): Promise<{ names: string[]; total: number }> {
  const where = {
    campaignId,
    status: "confirmed" as const,
    flagged: false,
    fromDprk: false,
    displayChoice: { not: "anonymous" as const },
    name: { not: null },
  };
  const prisma = getPrisma();
  const [rows, total] = await Promise.all([
    prisma.signature.findMany({
      where,
      orderBy: [{ confirmedAt: "asc" }, { id: "asc" }],
      take: PACK_NAME_LIMIT,
      select: { name: true, displayChoice: true },
    }),
    prisma.signature.count({ where }),
  ]);
  const names = rows.map((row) => displayName(row.name!, row.displayChoice as "full_name" | "initials"));
  return { names, total };
}

function formatUtc(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(date);
}

/**
 * The pack for the mission of `iso3`, or null when the campaign does not exist or does not target
 * that country. Names are listed only when asked for, and never for an at-risk campaign.
 */
export async function buildDeliveryDocument(request: PackRequest): Promise<DeliveryDocument | null> {
  const loaded = await loadCampaign(request.campaignId, request.iso3);
  if (!loaded) return null;
  const { campaign, mission } = loaded;
  const now = request.now ?? new Date();
  const year = councilYear(now);
  const first = missionLocale(mission.iso3);
  const locales: Locale[] = first === "en" ? ["en"] : [first, "en"];
  const translators = locales.map((locale) => ({
    locale,
    t: createTranslator(locale, getStaffMessages(locale)),
  }));
  const say = (
    key: StaffMessageKey,
    values?: (locale: Locale) => Record<string, string | number>,
  ): Bilingual => translators.map(({ locale, t }) => ({ locale, text: t(key, values?.(locale)) }));
  const each = (text: (locale: Locale) => string): Bilingual =>
    once(locales.map((locale) => ({ locale, text: text(locale) })));
  const number = (value: number, locale: Locale) => new Intl.NumberFormat(locale).format(value);
  const countText = (count: PublicCount, locale: Locale, t: (typeof translators)[number]["t"]) =>
    "count" in count
      ? number(count.count, locale)
      : t("staff.exports.pack.fewerThan", { count: count.fewerThan });
  const countCell = (count: PublicCount): Bilingual =>
    once(translators.map(({ locale, t }) => ({ locale, text: countText(count, locale, t) })));

  const [raw, seats, names] = await Promise.all([
    countSignatures(campaign.id),
    getPrisma().councilSeat.findMany({ where: { year }, include: { country: true } }),
    request.includeNames && campaign.privacyMode !== "at_risk" ? shownNames(campaign.id) : null,
  ]);
  const counts = publishableCounts(raw, campaign.sensitiveCountries);
  const countryCodes = Object.keys(counts.byCountry).filter((iso3) => iso3 !== OTHER_COUNTRY);
  const countries = new Map<string, CountryRow>(
    (await getPrisma().country.findMany({ where: { iso3: { in: countryCodes } } })).map((c) => [c.iso3, c]),
  );
  const nameOf = (iso3: string): Bilingual =>
    iso3 === OTHER_COUNTRY
      ? say("staff.exports.pack.other")
      : each((locale) => (countries.get(iso3) ? countryName(countries.get(iso3)!, locale) : iso3));

  const petitions = locales.map((locale) => {
    const text = campaign.translations.find((translation) => translation.locale === locale);
    if (!text) {
      const t = translators.find((entry) => entry.locale === locale)!.t;
      return { locale, title: campaign.slug, paragraphs: [t("staff.exports.pack.missingText")] };
    }
    return { locale, title: text.title, paragraphs: markdownParagraphs(text.petition) };
  });

  const folded = new Set(["PRK", ...campaign.sensitiveCountries.map((code) => code.trim().toUpperCase())]);
  const memberRows = seats
    .sort((a, b) =>
      a.kind === b.kind ? a.country.nameEn.localeCompare(b.country.nameEn) : a.kind === "permanent" ? -1 : 1,
    )
    .map((seat) => {
      const count = counts.byCountry[seat.countryIso3];
      const cell: Bilingual = folded.has(seat.countryIso3)
        ? say("staff.exports.pack.folded")
        : count
          ? countCell(count)
          : each((locale) => number(0, locale));
      return [
        each((locale) => countryName(seat.country, locale)),
        say(seat.kind === "permanent" ? "staff.exports.pack.permanent" : "staff.exports.pack.elected"),
        cell,
      ];
    });
  const countNote = say("staff.exports.pack.countsNote", () => ({ count: SMALL_COUNT_THRESHOLD }));

  return {
    locales,
    missionIso3: mission.iso3,
    missionNames: { en: mission.nameEn, ko: mission.nameKo, ja: mission.nameJa },
    atRisk: campaign.privacyMode === "at_risk",
    heading: say("staff.exports.pack.heading", (locale) => ({ country: countryName(mission, locale) })),
    petitions,
    total: { label: say("staff.exports.pack.total"), value: each((locale) => number(counts.total, locale)) },
    dates: {
      label: say("staff.exports.pack.dates"),
      rows: [
        {
          label: say("staff.exports.pack.published"),
          value: campaign.publishedAt
            ? each((locale) => formatUtc(campaign.publishedAt!, locale))
            : say("staff.exports.pack.notPublished"),
        },
        {
          label: say("staff.exports.pack.closed"),
          value: campaign.closedAt
            ? each((locale) => formatUtc(campaign.closedAt!, locale))
            : say("staff.exports.pack.stillOpen"),
        },
        { label: say("staff.exports.pack.generated"), value: each((locale) => formatUtc(now, locale)) },
      ],
    },
    byCountry: {
      caption: say("staff.exports.pack.byCountry"),
      headers: [say("staff.exports.pack.country"), say("staff.exports.pack.count")],
      rows: Object.entries(counts.byCountry).map(([iso3, count]) => [nameOf(iso3), countCell(count)]),
      note: countNote,
    },
    council: {
      caption: say("staff.exports.pack.council", () => ({ year: String(year) })),
      headers: [
        say("staff.exports.pack.country"),
        say("staff.exports.pack.seat"),
        say("staff.exports.pack.count"),
      ],
      rows: memberRows,
      note:
        memberRows.length === 0
          ? say("staff.exports.pack.noCouncil", () => ({ year: String(year) }))
          : countNote,
    },
    names: names
      ? {
          label: say("staff.exports.pack.names"),
          names: names.names,
          note:
            names.total > names.names.length
              ? say("staff.exports.pack.namesLimited", (locale) => ({
                  shown: number(names.names.length, locale),
                  total: number(names.total, locale),
                }))
              : undefined,
        }
      : null,
    generatedAt: now.toISOString(),
  };
}

/**
 * The pack a page view or PDF download asks for, from the route's params and query, recorded in
 * the audit log as seen (with whether it had names in it); null when the campaign or mission is
 * not there, which the routes answer with 404.
 */
export async function openDeliveryPack(
  request: { params: unknown; searchParams: URLSearchParams },
  actor: { id: string; ipHash?: string },
  format: "page" | "pdf",
): Promise<{ pack: DeliveryDocument; campaignId: string; namesAsked: boolean } | null> {
  const parsed = PackParamsSchema.safeParse(request.params);
  if (!parsed.success) return null;
  const query = DeliveryPackQuerySchema.parse(Object.fromEntries(request.searchParams));
  const campaignId = parsed.data.id;
  const pack = await buildDeliveryDocument({ campaignId, iso3: parsed.data.iso3, includeNames: query.names });
  if (!pack) return null;
  await recordAudit({
    actorId: actor.id,
    action: "delivery-pack.downloaded",
    targetType: "campaign",
    targetId: campaignId,
    details: { mission: pack.missionIso3, format, names: pack.names ? pack.names.names.length : 0 },
    ipHash: actor.ipHash,
  });
  return { pack, campaignId, namesAsked: query.names };
}
