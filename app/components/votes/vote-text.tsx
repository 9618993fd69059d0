import { useTranslation } from "~/i18n/hooks";
import type { Locale } from "~/i18n/locales";
import { flagEmoji, type CountryRef } from "~/utils/un-vote-display";

/** A date column (YYYY-MM-DD) as the reader's language writes it, in a machine-readable <time>. */
export function VoteDate({ date }: { date: string }) {
  const { locale } = useTranslation();
  const text = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
  return <time dateTime={date}>{text}</time>;
}

/** A state's flag (an emoji, decorative) and its name in the reader's language. */
export function CountryName({ country, link }: { country: CountryRef; link?: string }) {
  const { locale } = useTranslation();
  const name = country.names[locale];
  return (
    <span className="country-name">
      <span className="country-name__flag" aria-hidden="true">
        {flagEmoji(country.iso2)}
      </span>{" "}
      {link ? <a href={link}>{name}</a> : name}
    </span>
  );
}

/** Names joined as a list in the reader's language ("China and Russia", "中国、ロシア"). */
export function joinNames(countries: CountryRef[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(countries.map((c) => c.names[locale]));
}
