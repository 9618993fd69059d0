import { Link } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

/** What a reader sees for a 404 or any other failure: never a stack trace or an error message. */
export function ErrorPage({ notFound }: { notFound: boolean }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <div className="error-page">
      <h1>{t(notFound ? "error.notFound.title" : "error.generic.title")}</h1>
      <p>{t(notFound ? "error.notFound.body" : "error.generic.body")}</p>
      <p>
        <Link to={localized("/")}>{t("error.backHome")}</Link>
      </p>
    </div>
  );
}
