import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { UN_BODIES, type VoteFilter } from "~/utils/un-vote-display";

/** The timeline's filters: a plain GET form, so it works without JavaScript and links can be shared. */
export function VoteFilterForm({ filter, years }: { filter: VoteFilter; years: number[] }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  // A year asked for in the address but with no votes stays selectable, so the form shows what was asked.
  const choices = filter.year && !years.includes(filter.year) ? [filter.year, ...years] : years;
  return (
    <form
      method="get"
      action={localized("/votes")}
      className="vote-filter"
      aria-label={t("votes.filter.label")}
    >
      <div className="field">
        <label htmlFor="vote-filter-body">{t("votes.filter.body")}</label>
        <select id="vote-filter-body" name="body" defaultValue={filter.body ?? ""}>
          <option value="">{t("votes.filter.anyBody")}</option>
          {UN_BODIES.map((body) => (
            <option key={body} value={body}>
              {t(`votes.body.${body}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="vote-filter-year">{t("votes.filter.year")}</label>
        <select id="vote-filter-year" name="year" defaultValue={filter.year ? String(filter.year) : ""}>
          <option value="">{t("votes.filter.anyYear")}</option>
          {choices.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t("votes.filter.submit")}
      </button>
    </form>
  );
}
