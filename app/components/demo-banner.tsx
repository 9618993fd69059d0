import { useTranslation } from "~/i18n/hooks";

/** On every page of a production server that runs as a demo, saying what makes it one. */
export function DemoBanner({ outbox, embeddedDatabase }: { outbox: boolean; embeddedDatabase: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="demo-banner" role="note">
      {t("banner.demo")}
      {outbox ? ` ${t("banner.demoOutbox")}` : null}
      {embeddedDatabase ? ` ${t("banner.demoDatabase")}` : null}
    </p>
  );
}
