import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type * as ResvgWasm from "@resvg/resvg-wasm";
import { createElement, type CSSProperties, type ReactNode } from "react";
import { getTranslator } from "~/i18n/catalog.server";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";
import { dropUncoveredCharacters } from "~/services/share-image/font-coverage.server";
import { fontStack, loadShareFonts, type ShareFonts } from "~/services/share-image/fonts.server";

// The link-preview image of a campaign (Open Graph / Twitter card): title, confirmed signatures,
// goal and a progress bar, drawn by satori (layout and text to SVG paths) and resvg (SVG to PNG).
// resvg runs as WebAssembly rather than as the native addon: the addon's 3 MB pixel buffers stay
// allocated until V8 happens to collect their small wrappers (hundreds of MB under a burst of
// renders), while the WebAssembly build frees each one as soon as the PNG is out.

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

/** Every catalogue message the image shows; the glyph-coverage test checks them all. */
export const SHARE_IMAGE_MESSAGES = ["campaign.signatures", "campaign.goal"] as const satisfies MessageKey[];

const COLORS = { ink: "#1a1a1a", muted: "#4a4a4a", accent: "#1b4f8a", track: "#dde3ec", paper: "#ffffff" };
const STRIPE = 24;
const PADDING_X = 80;
const CONTENT_WIDTH = SHARE_IMAGE_WIDTH - STRIPE - 2 * PADDING_X;
const BAR_HEIGHT = 24;
const TITLE_LINES = 3;
const TITLE_SIZES = [72, 64, 58, 52];

export type ShareImageInput = {
  title: string;
  /** The language the title is written in, when it is not the reader's (a missing translation). */
  titleLocale?: Locale;
  /** Confirmed signatures. */
  count: number;
  goal: number;
  /** The reader's language: labels and number formats. */
  locale: Locale;
  orgName: string;
};

// Hangul, kana, ideographs and full-width forms are about 1 em wide; Latin averages ~0.55 em bold.
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** The largest title size at which the title should fit in three lines; satori wraps it for real. */
export function titleFontSize(title: string): number {
  let ems = 0;
  for (const char of title) ems += WIDE.test(char) ? 1 : 0.55;
  // Words wrap whole, so a line holds less than its full width: keep a tenth in hand.
  const fits = (size: number) => Math.ceil((ems * size) / (CONTENT_WIDTH * 0.9)) <= TITLE_LINES;
  return TITLE_SIZES.find(fits) ?? TITLE_SIZES[TITLE_SIZES.length - 1]!;
}

function div(style: CSSProperties, ...children: ReactNode[]) {
  return createElement("div", { style }, ...children);
}

function shareImageTree(input: ShareImageInput, fonts: ShareFonts) {
  const t = getTranslator(input.locale);
  const titleLocale = input.titleLocale ?? input.locale;
  const title = dropUncoveredCharacters(input.title.replace(/\s+/g, " ").trim(), fonts.coverage[700]);
  const orgName = dropUncoveredCharacters(input.orgName, fonts.coverage[700]);
  const ratio = input.goal > 0 ? Math.min(Math.max(input.count / input.goal, 0), 1) : 0;
  // Any signature at all shows as at least a round dot, so a new campaign's bar is not empty.
  const filled = input.count > 0 ? Math.max(Math.round(ratio * CONTENT_WIDTH), BAR_HEIGHT) : 0;

  return div(
    {
      width: SHARE_IMAGE_WIDTH,
      height: SHARE_IMAGE_HEIGHT,
      boxSizing: "border-box",
      display: "flex",
      flexDirection: "column",
      padding: `64px ${PADDING_X}px 72px`,
      borderLeft: `${STRIPE}px solid ${COLORS.accent}`,
      background: COLORS.paper,
      color: COLORS.ink,
      fontFamily: fontStack(input.locale),
    },
    div({ display: "flex", fontSize: 30, fontWeight: 700, color: COLORS.accent }, orgName),
    createElement(
      "div",
      {
        lang: titleLocale,
        style: {
          display: "block",
          marginTop: 28,
          fontFamily: fontStack(titleLocale),
          fontSize: titleFontSize(title),
          fontWeight: 700,
          lineHeight: 1.3,
          lineClamp: TITLE_LINES,
          // Lines of even length: no word or two left alone on the last line.
          textWrap: "pretty",
          // Korean breaks lines between words, not inside them.
          wordBreak: titleLocale === "ko" ? "keep-all" : "normal",
          overflowWrap: "break-word",
        },
      },
      title,
    ),
    div({ flexGrow: 1 }),
    div(
      { display: "flex", justifyContent: "space-between", alignItems: "flex-end" },
      div(
        { display: "flex", fontSize: 46, fontWeight: 700, color: COLORS.accent },
        t("campaign.signatures", { count: input.count }),
      ),
      div(
        { display: "flex", fontSize: 30, fontWeight: 400, color: COLORS.muted, paddingBottom: 4 },
        t("campaign.goal", { count: input.goal }),
      ),
    ),
    div(
      {
        display: "flex",
        marginTop: 20,
        width: CONTENT_WIDTH,
        height: BAR_HEIGHT,
        borderRadius: BAR_HEIGHT / 2,
        background: COLORS.track,
      },
      div({ width: filled, height: BAR_HEIGHT, borderRadius: BAR_HEIGHT / 2, background: COLORS.accent }),
    ),
  );
}

const require = createRequire(import.meta.url);

let resvgLoading: Promise<typeof ResvgWasm> | undefined;

/** resvg's WebAssembly module, compiled once per process (about 60 ms). */
function loadResvg(): Promise<typeof ResvgWasm> {
  resvgLoading ??= (async () => {
    const resvg = await import("@resvg/resvg-wasm");
    await resvg.initWasm(await readFile(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    return resvg;
  })();
  resvgLoading.catch(() => (resvgLoading = undefined));
  return resvgLoading;
}

/** The campaign's share image: a 1200×630 PNG. CPU-heavy (tens of ms); callers cache it. */
export async function renderShareImage(input: ShareImageInput): Promise<Buffer> {
  // Loaded on the first image only, so that the app starts without them.
  const [{ default: satori }, { Resvg }, fonts] = await Promise.all([
    import("satori"),
    loadResvg(),
    loadShareFonts(),
  ]);
  const svg = await satori(shareImageTree(input, fonts), {
    width: SHARE_IMAGE_WIDTH,
    height: SHARE_IMAGE_HEIGHT,
    fonts: fonts.fonts,
  });
  // Text is already outlined by satori, so resvg needs no fonts.
  const renderer = new Resvg(svg, { font: { loadSystemFonts: false }, background: COLORS.paper });
  try {
    const image = renderer.render();
    try {
      const png = image.asPng(); // a copy, out of WebAssembly memory
      return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}
