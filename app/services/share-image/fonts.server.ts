import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Locale } from "~/i18n/locales";
import { readCoverage } from "~/services/share-image/font-coverage.server";

// The share image's fonts, shipped in npm packages so that no system font is assumed
// (docs/decisions/0011): Pretendard for Latin and Hangul, BIZ UDPGothic for kana and kanji.
// Bold for the title and the count, regular for the rest.

export const LATIN_HANGUL_FAMILY = "Pretendard";
export const JAPANESE_FAMILY = "BIZ UDPGothic";

type FontWeight = 400 | 700;

const FONT_FILES: { name: string; weight: FontWeight; module: string }[] = [
  {
    name: LATIN_HANGUL_FAMILY,
    weight: 700,
    module: "@fontsource/pretendard/files/pretendard-latin-700-normal.woff",
  },
  {
    name: LATIN_HANGUL_FAMILY,
    weight: 400,
    module: "@fontsource/pretendard/files/pretendard-latin-400-normal.woff",
  },
  {
    name: JAPANESE_FAMILY,
    weight: 700,
    module: "@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf",
  },
  {
    name: JAPANESE_FAMILY,
    weight: 400,
    module: "@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf",
  },
];

export type ShareFont = { name: string; weight: FontWeight; style: "normal"; data: Buffer };

export type ShareFonts = {
  /** Handed to satori as is: the same array every time, so satori parses the fonts only once. */
  fonts: ShareFont[];
  /** What each weight can draw; a character is drawn in a weight if one family there covers it. */
  coverage: Record<FontWeight, Set<number>[]>;
};

// Resolved from the installed packages, which the server build leaves in node_modules.
const require = createRequire(import.meta.url);

let loading: Promise<ShareFonts> | undefined;

/** Reads the font files once per process, on the first share image (about 11 MB of font data). */
export function loadShareFonts(): Promise<ShareFonts> {
  loading ??= (async () => {
    const fonts = await Promise.all(
      FONT_FILES.map(async ({ name, weight, module }): Promise<ShareFont> => ({
        name,
        weight,
        style: "normal",
        data: await readFile(require.resolve(module)),
      })),
    );
    const coverage: ShareFonts["coverage"] = { 400: [], 700: [] };
    for (const font of fonts) coverage[font.weight].push(readCoverage(font.data));
    return { fonts, coverage };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * The font stack for text in `locale`: Japanese text is drawn with the Japanese font first, so its
 * kana and punctuation take Japanese shapes and spacing; everything else starts with Pretendard.
 */
export function fontStack(locale: Locale): string {
  const families =
    locale === "ja" ? [JAPANESE_FAMILY, LATIN_HANGUL_FAMILY] : [LATIN_HANGUL_FAMILY, JAPANESE_FAMILY];
  return families.map((family) => `"${family}"`).join(", ");
}
