// The staff area's translator: its strings come with the root data of staff pages only.
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import type { StaffMessages } from "~/i18n/staff-messages";
import { createTranslator } from "~/i18n/translate";

type RootStaffData = { locale: Locale; staffMessages?: StaffMessages };

export function useStaffTranslation() {
  const data = useRouteLoaderData("root") as RootStaffData | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.staffMessages;
  const t = useMemo(() => createTranslator(locale, messages ?? ({} as StaffMessages)), [locale, messages]);
  return { t, locale };
}
