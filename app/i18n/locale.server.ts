import type { Params } from "@remix-run/react";
import { isLocale, negotiateLocale, splitLocalePath, type Locale } from "~/i18n/locales";

/** The URL's locale prefix if it has one, otherwise the browser's preference (or English). */
export function getRequestLocale(request: Request): Locale {
  const { locale } = splitLocalePath(new URL(request.url).pathname);
  return locale ?? negotiateLocale(request.headers.get("accept-language"));
}

/**
 * Routes under the optional `($lang)` segment accept any first segment, so `/xx/privacy` would
 * match; anything that is not one of our locales is a 404.
 */
export function assertLangParam(params: Params): void {
  if (params.lang !== undefined && !isLocale(params.lang)) {
    throw new Response("Not Found", { status: 404 });
  }
}
