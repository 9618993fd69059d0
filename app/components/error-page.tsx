import { Link } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

/**
 * What a reader sees for a 404 or any other failure: never a stack trace or an error message. A 503
 * means the database is unreachable for a moment (a restart): worth trying again soon.
 */
export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  const kind = status === 404 ? "notFound" : status === 503 ? "unavailable" : "generic";
  return (
    <div className="error-page">
      <h1>{t(`error.${kind}.title`)}</h1>
      <p>{t(`error.${kind}.body`)}</p>
      <p>
        <Link to={localized("/")}>{t("error.backHome")}</Link>
      </p>
    </div>
  );
}
