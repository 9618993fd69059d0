import { Link } from "@remix-run/react";
import { LanguageSwitcher } from "~/components/language-switcher";
import type { Locale } from "~/i18n/locales";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

type Props = {
  locale: Locale;
  orgName: string;
  /** Payments are on and this is not the staff area. */
  donateLink?: boolean;
};

export function SiteHeader({ locale, orgName, donateLink }: Props) {
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
        {donateLink ? (
          <Link to={localized("/donate")} className="site-header__donate">
            {t("donate.navLink")}
          </Link>
        ) : null}
        <LanguageSwitcher locale={locale} />
      </div>
    </header>
  );
}
