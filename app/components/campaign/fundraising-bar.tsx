import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { Fundraising } from "~/models/donation-totals.server";
import { formatMoney } from "~/utils/money";

type Props = { fundraising: Fundraising & { canGive: boolean }; slug: string };

/**
 * A campaign's money goal: what was raised in the goal's currency as text and a native progress
 * bar, gifts in other currencies named beside it (never converted, so never added to the bar),
 * and how many people gave.
 */
export function FundraisingBar({ fundraising, slug }: Props) {
  const { t, locale } = useTranslation();
  const localized = useLocalizedPath();
  const { goal, raised, otherCurrencies, donors } = fundraising;
  const money = (amount: number, currency: Props["fundraising"]["goal"]["currency"]) =>
    formatMoney(amount, currency, locale);
  return (
    <section className="fundraising" aria-labelledby="fundraising-heading">
      <h2 id="fundraising-heading">{t("fundraising.heading")}</h2>
      <p className="fundraising__raised" data-testid="fundraising-raised">
        {t("fundraising.raised", { amount: money(raised, goal.currency) })}
      </p>
      <progress
        max={goal.amount}
        value={Math.min(raised, goal.amount)}
        aria-label={t("fundraising.progressLabel")}
      />
      <p className="fundraising__goal">
        {t("fundraising.goal", { amount: money(goal.amount, goal.currency) })}
      </p>
      {otherCurrencies.length > 0 ? (
        <p className="fundraising__other" data-testid="fundraising-other">
          {t("fundraising.otherCurrencies", {
            amounts: otherCurrencies.map((row) => money(row.amount, row.currency)).join(" · "),
          })}
        </p>
      ) : null}
      <p className="fundraising__donors">{t("fundraising.donors", { count: donors })}</p>
      {fundraising.canGive ? (
        <p>
          <a className="button" href={localized(`/campaigns/${slug}/donate`)}>
            {t("fundraising.give")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
