// Pure helpers the UN vote pages, their JSON and the campaign page share: no database, no React.
import { z } from "zod";
import type { Locale } from "~/i18n/locales";

export const UN_BODIES = [
  "security_council",
  "general_assembly",
  "third_committee",
  "human_rights_council",
] as const;
export type UnBodyName = (typeof UN_BODIES)[number];

/** The order members' votes are grouped in on a vote page; `absent` is the UN's "non-voting". */
export const VOTE_CHOICES = ["yes", "no", "abstain", "absent"] as const;
export type VoteChoiceName = (typeof VOTE_CHOICES)[number];

/** How many of each member's votes the Council page lists; the rest are on its scorecard. */
export const COUNCIL_RECORD_LIMIT = 20;

/** A state as the vote pages name it: in all three languages, so the JSON and every page share it. */
export type CountryRef = { iso3: string; iso2: string; names: Record<Locale, string> };

/** States sorted by their name in the reader's language. */
export function sortByName<T>(items: T[], locale: Locale, countryOf: (item: T) => CountryRef): T[] {
  const collator = new Intl.Collator(locale);
  return [...items].sort((a, b) => collator.compare(countryOf(a).names[locale], countryOf(b).names[locale]));
}

/** A date column (UTC midnight) as the YYYY-MM-DD the JSON and the pages' <time> carry. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A country's flag as an emoji (two regional indicator letters): no image request per member, so
 * a page listing 193 states stays one request. Always decorative: the name is written beside it.
 */
export function flagEmoji(iso2: string): string {
  if (!/^[A-Za-z]{2}$/.test(iso2)) return "";
  return String.fromCodePoint(
    ...[...iso2.toUpperCase()].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment can be a vote's id (PostgreSQL refuses a malformed uuid rather than finding nothing). */
export function isVoteId(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

/** Whether a path segment is shaped like an ISO 3166-1 alpha-3 code, in any case. */
export function isIso3Shaped(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z]{3}$/.test(value);
}

// The /votes filters, one schema per field so that one bad value is dropped, not the others. An
// empty value is the form's "all" choice.
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);
export const VoteFilterSchema = z.object({
  body: z.preprocess(blankAsMissing, z.enum(UN_BODIES).optional()),
  year: z.preprocess(blankAsMissing, z.coerce.number().int().min(1945).max(2100).optional()),
  page: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(10_000).optional()),
});
export type VoteFilter = { body?: UnBodyName; year?: number; page: number };

/**
 * The filters a /votes URL asks for. Values that do not parse are ignored and reported in
 * `ignored`, so the page can say so instead of failing; an unknown parameter is no one's business.
 */
export function readVoteFilter(search: URLSearchParams): { filter: VoteFilter; ignored: boolean } {
  const filter: VoteFilter = { page: 1 };
  let ignored = false;
  const shape = VoteFilterSchema.shape;
  for (const key of ["body", "year", "page"] as const) {
    const values = search.getAll(key);
    if (values.length === 0) continue;
    const parsed = shape[key].safeParse(values.length === 1 ? values[0] : values);
    if (!parsed.success) {
      ignored = true;
      continue;
    }
    if (parsed.data === undefined) continue;
    if (key === "body") filter.body = parsed.data as UnBodyName;
    else if (key === "year") filter.year = parsed.data as number;
    else filter.page = parsed.data as number;
  }
  return { filter, ignored };
}

/** A /votes URL's query for a filter (and page), without the defaults. */
export function voteFilterQuery(filter: Partial<VoteFilter>): string {
  const params = new URLSearchParams();
  if (filter.body) params.set("body", filter.body);
  if (filter.year) params.set("year", String(filter.year));
  if (filter.page && filter.page > 1) params.set("page", String(filter.page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Each choice's share of the members who were called, as whole percentages for the tally bar. */
export function tallyShares(totals: Record<VoteChoiceName, number>): Record<VoteChoiceName, number> {
  const all = VOTE_CHOICES.reduce((sum, choice) => sum + totals[choice], 0);
  const share = (n: number) => (all === 0 ? 0 : Math.round((n / all) * 1000) / 10);
  return {
    yes: share(totals.yes),
    no: share(totals.no),
    abstain: share(totals.abstain),
    absent: share(totals.absent),
  };
}
