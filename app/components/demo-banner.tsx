import { useTranslation } from "~/i18n/hooks";

export function DemoBanner() {
  const { t } = useTranslation();
  return (
    <p className="demo-banner" role="note">
      {t("banner.demoOutbox")} <a href="/dev/outbox">{t("banner.viewOutbox")}</a>
    </p>
  );
}
