import type { Locale } from "~/i18n/locales";
import { countryName } from "~/models/campaign.server";
import { getPrisma } from "~/utils/db.server";

/** UN member states, named and sorted in the reader's language (for the sign form's list). */
export async function listMemberStates(locale: Locale): Promise<{ iso3: string; name: string }[]> {
  const countries = await getPrisma().country.findMany({ where: { unMember: true } });
  const collator = new Intl.Collator(locale);
  return countries
    .map((country) => ({ iso3: country.iso3, name: countryName(country, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

let memberStates: { codes: Set<string>; at: number } | undefined;
const MEMBER_STATES_TTL_MS = 10 * 60_000;

/** Whether a code is a UN member state. Reference data, read on every signature: kept in memory. */
export async function isMemberState(iso3: string): Promise<boolean> {
  if (!memberStates || Date.now() - memberStates.at > MEMBER_STATES_TTL_MS) {
    const rows = await getPrisma().country.findMany({ where: { unMember: true }, select: { iso3: true } });
    memberStates = { codes: new Set(rows.map((row) => row.iso3)), at: Date.now() };
  }
  return memberStates.codes.has(iso3);
}

/** Names of the given countries in the reader's language, by ISO alpha-3. */
export async function countryNames(iso3s: string[], locale: Locale): Promise<Record<string, string>> {
  const countries = await getPrisma().country.findMany({ where: { iso3: { in: iso3s } } });
  return Object.fromEntries(countries.map((country) => [country.iso3, countryName(country, locale)]));
}
