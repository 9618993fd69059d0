import { localizePath, type Locale } from "~/i18n/locales";
import { getEnv } from "~/utils/env.server";

// Links that leave the page (emails, share links, link previews) use the configured public origin,
// APP_URL, not the origin a request arrived on, which behind a proxy may be an internal address.

export function absoluteUrl(path: string): string {
  return getEnv().APP_URL + path;
}

export function campaignUrl(locale: Locale, slug: string): string {
  return absoluteUrl(localizePath(locale, `/campaigns/${slug}`));
}

/** The campaign's link-preview image (og:image), in the reader's language. */
export function campaignShareImageUrl(locale: Locale, slug: string): string {
  return absoluteUrl(localizePath(locale, `/campaigns/${slug}/share.png`));
}
