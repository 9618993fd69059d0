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

export async function isMemberState(iso3: string): Promise<boolean> {
  const country = await getPrisma().country.findUnique({ where: { iso3 }, select: { unMember: true } });
  return country?.unMember === true;
}

/** Names of the given countries in the reader's language, by ISO alpha-3. */
export async function countryNames(iso3s: string[], locale: Locale): Promise<Record<string, string>> {
  const countries = await getPrisma().country.findMany({ where: { iso3: { in: iso3s } } });
  return Object.fromEntries(countries.map((country) => [country.iso3, countryName(country, locale)]));
}
