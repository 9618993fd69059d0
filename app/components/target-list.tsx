import type { CampaignTargetView } from "~/models/campaign.server";
import { useTranslation } from "~/i18n/hooks";

/** The governments a petition addresses, marking those that sit on the Security Council. */
export function TargetList({ targets, year }: { targets: CampaignTargetView[]; year: number }) {
  const { t } = useTranslation();
  return (
    <div className="targets">
      <p className="targets__label">{t("campaign.addressedTo")}</p>
      <ul className="targets__list">
        {targets.map((target) => (
          <li key={target.iso3} className="targets__item">
            {/* Decorative: the country's name follows. */}
            <img className="flag" src={target.flag} alt="" width={20} height={15} />
            {target.name}
            {target.onCouncil ? (
              <span className="council-badge">{t("campaign.councilMember", { year: String(year) })}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
