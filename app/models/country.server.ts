import type { Locale } from "~/i18n/locales";
import { countryName } from "~/models/campaign.server";
import { getPrisma } from "~/utils/db.server";

type MemberState = { iso3: string; nameEn: string; nameKo: string; nameJa: string };

// UN member states are reference data read on every campaign page and every signature: loaded
// once, kept for 10 minutes, and sorted once per language.
const MEMBER_STATES_TTL_MS = 10 * 60_000;
let memberStates:
  | {
      rows: MemberState[];
      codes: Set<string>;
      sorted: Map<Locale, { iso3: string; name: string }[]>;
      at: number;
    }
  | undefined;

async function loadMemberStates() {
  if (!memberStates || Date.now() - memberStates.at > MEMBER_STATES_TTL_MS) {
    const rows = await getPrisma().country.findMany({
      where: { unMember: true },
      select: { iso3: true, nameEn: true, nameKo: true, nameJa: true },
    });
    memberStates = { rows, codes: new Set(rows.map((row) => row.iso3)), sorted: new Map(), at: Date.now() };
  }
  return memberStates;
}

/** UN member states, named and sorted in the reader's language (for the sign form's list). */
export async function listMemberStates(locale: Locale): Promise<{ iso3: string; name: string }[]> {
  const states = await loadMemberStates();
  let sorted = states.sorted.get(locale);
  if (!sorted) {
    const collator = new Intl.Collator(locale);
    sorted = states.rows
      .map((country) => ({ iso3: country.iso3, name: countryName(country, locale) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    states.sorted.set(locale, sorted);
  }
  return sorted;
}

/** Whether a code is a UN member state. */
export async function isMemberState(iso3: string): Promise<boolean> {
  return (await loadMemberStates()).codes.has(iso3);
}

/** Names of the given countries in the reader's language, by ISO alpha-3. */
export async function countryNames(iso3s: string[], locale: Locale): Promise<Record<string, string>> {
  const countries = await getPrisma().country.findMany({ where: { iso3: { in: iso3s } } });
  return Object.fromEntries(countries.map((country) => [country.iso3, countryName(country, locale)]));
}
