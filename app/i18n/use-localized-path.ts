import { useLocation } from "@remix-run/react";
import { samePrefixAs } from "~/i18n/locales";

/**
 * Builds links that keep the reader in the language they chose: on a `/ko/...` page links get the
 * `/ko` prefix; on an unprefixed page (language detected from the browser) they stay unprefixed.
 */
export function useLocalizedPath(): (rest: string) => string {
  const { pathname } = useLocation();
  return (rest) => samePrefixAs(pathname, rest);
}
