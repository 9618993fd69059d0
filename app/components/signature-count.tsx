import { useTranslation } from "~/i18n/hooks";

/** The confirmed count and the goal, as text and as a native progress bar (no inline styles). */
export function SignatureCount({ total, goal }: { total: number; goal: number }) {
  const { t } = useTranslation();
  return (
    <div className="signature-count">
      <p className="signature-count__total" data-testid="signature-total">
        {t("campaign.signatures", { count: total })}
      </p>
      <progress max={goal} value={Math.min(total, goal)} aria-label={t("campaign.progressLabel")} />
      <p className="signature-count__goal">{t("campaign.goal", { count: goal })}</p>
    </div>
  );
}
