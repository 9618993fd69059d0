import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { createTranslator, type Messages } from "~/i18n/translate";

type RootI18nData = { locale: Locale; messages: Messages };

/** The reader's locale and a translator for it, from the root loader (only that locale is sent). */
export function useTranslation() {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.messages;
  const t = useMemo(() => createTranslator(locale, messages ?? ({} as Messages)), [locale, messages]);
  return { t, locale };
}
