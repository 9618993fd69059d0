import { Link } from "@remix-run/react";
import { LanguageSwitcher } from "~/components/language-switcher";
import type { Locale } from "~/i18n/locales";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

export function SiteHeader({ locale, orgName }: { locale: Locale; orgName: string }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <div className="site-header__inner">
        <Link to={localized("/")} className="site-header__brand">
          {orgName}
        </Link>
        <LanguageSwitcher locale={locale} />
      </div>
    </header>
  );
}
