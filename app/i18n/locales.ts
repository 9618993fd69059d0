// Locales and locale-prefixed paths. Shared by server and browser code, so no Node APIs here.

export const LOCALES = ["en", "ko", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself: the same in every UI language, so not in the catalogues. */
export const LOCALE_ENDONYMS: Record<Locale, string> = { en: "English", ko: "한국어", ja: "日本語" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** `/ko/campaigns/x` → { locale: "ko", rest: "/campaigns/x" }; unprefixed paths have no locale. */
export function splitLocalePath(pathname: string): { locale: Locale | undefined; rest: string } {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const first = match?.[1];
  if (isLocale(first)) return { locale: first, rest: match?.[2] ?? "/" };
  return { locale: undefined, rest: pathname || "/" };
}

/** The same page in `locale`: `localizePath("ja", "/campaigns/x")` → `/ja/campaigns/x`. */
export function localizePath(locale: Locale, rest: string): string {
  return rest === "/" ? `/${locale}` : `/${locale}${rest}`;
}

/**
 * `rest` with the locale prefix `pathname` has, or none when it has none: links and redirects keep
 * a reader in the language they chose, and leave a detected language to detection.
 */
export function samePrefixAs(pathname: string, rest: string): string {
  const { locale } = splitLocalePath(pathname);
  return locale ? localizePath(locale, rest) : rest;
}

/** Picks the best supported locale from an Accept-Language header, by quality then order. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? DEFAULT_LOCALE;
}
