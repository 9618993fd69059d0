import { useTranslation } from "~/i18n/hooks";
import type { CouncilTerm } from "~/utils/council-terms";

/** "Permanent member", or "2014–2015 (elected)"; a one-year term (a split seat) names its year once. */
export function CouncilTermText({ term }: { term: CouncilTerm }) {
  const { t } = useTranslation();
  if (term.kind === "permanent") return <>{t("country.term.permanent")}</>;
  if (term.from === term.to) return <>{t("country.term.electedOneYear", { year: String(term.from) })}</>;
  return <>{t("country.term.elected", { from: String(term.from), to: String(term.to) })}</>;
}
