import { inflateSync } from "node:zlib";

// Which characters a font file has glyphs for, read from its `cmap` table. Satori draws a missing
// glyph as an empty box ("tofu") without saying so; this is how tests, and the renderer itself,
// find out beforehand. Handles TrueType/OpenType files and WOFF 1 (zlib-compressed tables).

const TAG_CMAP = 0x636d6170; // "cmap"
const SIGNATURE_WOFF = 0x774f4646; // "wOFF"
const SIGNATURE_WOFF2 = 0x774f4632; // "wOF2"

/** The `cmap` table's bytes, decompressed when the file is a WOFF. */
function cmapTable(font: Uint8Array): DataView {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const signature = view.getUint32(0);
  if (signature === SIGNATURE_WOFF2)
    throw new Error("WOFF2 fonts are not supported here; use WOFF, TTF or OTF.");
  const woff = signature === SIGNATURE_WOFF;
  const numTables = view.getUint16(woff ? 12 : 4);
  const recordSize = woff ? 20 : 16;
  for (let i = 0; i < numTables; i++) {
    const record = (woff ? 44 : 12) + i * recordSize;
    if (view.getUint32(record) !== TAG_CMAP) continue;
    const offset = view.getUint32(record + (woff ? 4 : 8));
    const length = view.getUint32(record + (woff ? 8 : 12));
    let bytes = font.subarray(offset, offset + length);
    if (woff && length < view.getUint32(record + 12)) bytes = inflateSync(bytes);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  throw new Error("The font has no cmap table.");
}

/** Format 12 (segmented coverage): whole ranges of code points, including those beyond U+FFFF. */
function addFormat12(cmap: DataView, at: number, into: Set<number>): void {
  const groups = cmap.getUint32(at + 12);
  for (let g = 0; g < groups; g++) {
    const group = at + 16 + g * 12;
    const start = cmap.getUint32(group);
    const end = cmap.getUint32(group + 4);
    const startGlyph = cmap.getUint32(group + 8);
    for (let code = start; code <= end; code++) if (startGlyph + (code - start) !== 0) into.add(code);
  }
}

/** Format 4 (segment mapping to delta values): the Basic Multilingual Plane only. */
function addFormat4(cmap: DataView, at: number, into: Set<number>): void {
  const segments = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = cmap.getUint16(starts + s * 2);
    const end = cmap.getUint16(ends + s * 2);
    const delta = cmap.getUint16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    for (let code = start; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (code + delta) & 0xffff;
      } else {
        const raw = cmap.getUint16(rangeOffsets + s * 2 + rangeOffset + (code - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) into.add(code);
    }
  }
}

/** Every code point the font maps to a real glyph (not .notdef). */
export function readCoverage(font: Uint8Array): Set<number> {
  const cmap = cmapTable(font);
  const subtables: { platform: number; encoding: number; at: number; format: number }[] = [];
  for (let i = 0; i < cmap.getUint16(2); i++) {
    const record = 4 + i * 8;
    const at = cmap.getUint32(record + 4);
    subtables.push({
      platform: cmap.getUint16(record),
      encoding: cmap.getUint16(record + 2),
      at,
      format: cmap.getUint16(at),
    });
  }
  // Unicode subtables only: full repertoire (format 12) first, then BMP (format 4).
  const unicode = subtables.filter(
    (t) => t.platform === 0 || (t.platform === 3 && [1, 10].includes(t.encoding)),
  );
  const coverage = new Set<number>();
  const full = unicode.find((t) => t.format === 12);
  const bmp = unicode.find((t) => t.format === 4);
  if (full) addFormat12(cmap, full.at, coverage);
  else if (bmp) addFormat4(cmap, bmp.at, coverage);
  else throw new Error("The font has no Unicode cmap subtable of format 4 or 12.");
  return coverage;
}

/** Characters that need no glyph of their own: spaces and line breaks. */
function needsNoGlyph(char: string): boolean {
  return /\s/u.test(char);
}

/** The distinct characters of `text` that none of the fonts has a glyph for, in order of appearance. */
export function uncoveredCharacters(text: string, coverages: readonly Set<number>[]): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    if (needsNoGlyph(char)) continue;
    const code = char.codePointAt(0)!;
    if (!coverages.some((coverage) => coverage.has(code))) missing.add(char);
  }
  return [...missing];
}

/** `text` without the characters no font can draw (emoji, rare ideographs), so nothing shows as a box. */
export function dropUncoveredCharacters(text: string, coverages: readonly Set<number>[]): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (needsNoGlyph(char) || coverages.some((coverage) => coverage.has(code))) out += char;
  }
  return out;
}
