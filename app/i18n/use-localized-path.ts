import { useLocation } from "@remix-run/react";
import { localizePath, splitLocalePath } from "~/i18n/locales";

/**
 * Builds links that keep the reader in the language they chose: on a `/ko/...` page links get the
 * `/ko` prefix; on an unprefixed page (language detected from the browser) they stay unprefixed.
 */
export function useLocalizedPath(): (rest: string) => string {
  const { pathname } = useLocation();
  const { locale } = splitLocalePath(pathname);
  return (rest) => (locale ? localizePath(locale, rest) : rest);
}
