import { Link, useLocation } from "@remix-run/react";
import { LOCALE_ENDONYMS, LOCALES, localizePath, splitLocalePath, type Locale } from "~/i18n/locales";
import { useTranslation } from "~/i18n/hooks";

export function LanguageSwitcher({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const { rest } = splitLocalePath(pathname);
  return (
    <nav aria-label={t("nav.languageLabel")} className="language-switcher">
      <ul>
        {LOCALES.map((option) => (
          <li key={option}>
            <Link
              to={localizePath(option, rest) + search}
              lang={option}
              hrefLang={option}
              aria-current={option === locale ? "true" : undefined}
              title={option === locale ? t("nav.currentLanguage") : undefined}
            >
              {LOCALE_ENDONYMS[option]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
