// The i18n hooks for components. One module on purpose: the root and most routes use both, and
// the client build gives each module with a different set of users a chunk (and a request) of its own.
import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo } from "react";
import { DEFAULT_LOCALE, samePrefixAs, type Locale } from "~/i18n/locales";
import { createTranslator, type Messages } from "~/i18n/translate";

type RootI18nData = { locale: Locale; messages: Messages };

// A staff preview shows a campaign page in another language than the staff area around it; inside
// this scope the public components speak the previewed language.
const PublicLanguageScope = createContext<RootI18nData | null>(null);
export const PublicLanguage = PublicLanguageScope.Provider;

/** The reader's locale and a translator for it, from the root loader (only that locale is sent). */
export function useTranslation() {
  const root = useRouteLoaderData("root") as RootI18nData | undefined;
  const data = useContext(PublicLanguageScope) ?? root;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.messages;
  const t = useMemo(() => createTranslator(locale, messages ?? ({} as Messages)), [locale, messages]);
  return { t, locale };
}

/**
 * Builds links that keep the reader in the language they chose: on a `/ko/...` page links get the
 * `/ko` prefix; on an unprefixed page (language detected from the browser) they stay unprefixed.
 */
export function useLocalizedPath(): (rest: string) => string {
  const { pathname } = useLocation();
  return (rest) => samePrefixAs(pathname, rest);
}
