// The delivery pack as a PDF (pdfkit), from the same document as its printable page. The fonts
// are the ones the app already ships (docs/decisions/0011), embedded and subset by pdfkit, so the
// file prints the same in a mission's office as here: Pretendard for Latin and Hangul, BIZ UDPGothic
// for kana and kanji. pdfkit has no font fallback, so each line is split into runs by which font
// has the glyphs (a Korean mission's pack can hold a Japanese signer's name).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import type { Locale } from "~/i18n/locales";
import type { Bilingual, DeliveryDocument, PackTable } from "~/models/delivery-pack.server";
import { unwrapWoff } from "~/services/delivery-pack/woff.server";
import { readCoverage } from "~/services/share-image/font-coverage.server";

type Family = "latin" | "japanese";
type Weight = "regular" | "bold";
type FontFile = { family: Family; weight: Weight; module: string };

const FONT_FILES: FontFile[] = [
  {
    family: "latin",
    weight: "regular",
    module: "@fontsource/pretendard/files/pretendard-latin-400-normal.woff",
  },
  {
    family: "latin",
    weight: "bold",
    module: "@fontsource/pretendard/files/pretendard-latin-700-normal.woff",
  },
  {
    family: "japanese",
    weight: "regular",
    module: "@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf",
  },
  {
    family: "japanese",
    weight: "bold",
    module: "@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf",
  },
];

type LoadedFonts = { files: (FontFile & { data: Buffer })[]; coverage: Record<Family, Set<number>> };

const require = createRequire(import.meta.url);
let loading: Promise<LoadedFonts> | undefined;

/** Reads the four font files once per process (about 11 MB), with what the regular weights cover. */
function loadFonts(): Promise<LoadedFonts> {
  loading ??= (async () => {
    const files = await Promise.all(
      FONT_FILES.map(async (file) => ({
        ...file,
        data: unwrapWoff(await readFile(require.resolve(file.module))),
      })),
    );
    const coverageOf = (family: Family) =>
      readCoverage(files.find((file) => file.family === family && file.weight === "regular")!.data);
    return { files, coverage: { latin: coverageOf("latin"), japanese: coverageOf("japanese") } };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

const fontName = (family: Family, weight: Weight) => `${family}-${weight}`;
const familyFor = (locale: Locale): Family => (locale === "ja" ? "japanese" : "latin");

const PAGE = { size: "A4" as const, margin: 56 };
const SIZE = { heading: 16, section: 12, body: 10.5, small: 8.5 };
const MUTED = "#444444";

type Run = { family: Family; text: string };

class PackWriter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly coverage: LoadedFonts["coverage"],
  ) {}

  /** `text` as runs of one font each: the locale's own font where it has the glyph. */
  private runs(text: string, preferred: Family): Run[] {
    const other: Family = preferred === "latin" ? "japanese" : "latin";
    const runs: Run[] = [];
    for (const char of text) {
      const code = char.codePointAt(0)!;
      const family =
        /\s/u.test(char) || this.coverage[preferred].has(code) || !this.coverage[other].has(code)
          ? preferred
          : other;
      const last = runs[runs.length - 1];
      if (last && last.family === family) last.text += char;
      else runs.push({ family, text: char });
    }
    return runs;
  }

  private get width(): number {
    return this.doc.page.width - PAGE.margin * 2;
  }

  text(
    text: string,
    locale: Locale,
    options: {
      size?: number;
      weight?: Weight;
      color?: string;
      x?: number;
      width?: number;
      gap?: number;
    } = {},
  ): void {
    const runs = this.runs(text, familyFor(locale));
    const { doc } = this;
    doc.fontSize(options.size ?? SIZE.body).fillColor(options.color ?? "#000000");
    const x = options.x ?? PAGE.margin;
    const width = options.width ?? this.width;
    runs.forEach((run, index) => {
      doc.font(fontName(run.family, options.weight ?? "regular"));
      const continued = index < runs.length - 1;
      if (index === 0) doc.text(run.text, x, doc.y, { width, continued, lineGap: 2 });
      else doc.text(run.text, { continued, lineGap: 2 });
    });
    if (options.gap) doc.moveDown(options.gap);
  }

  bilingual(lines: Bilingual, options: { size?: number; weight?: Weight; gap?: number } = {}): void {
    lines.forEach((line, index) =>
      this.text(line.text, line.locale, {
        ...options,
        color: index === 0 ? "#000000" : MUTED,
        size: index === 0 ? options.size : (options.size ?? SIZE.body) * 0.85,
        gap: index === lines.length - 1 ? options.gap : 0,
      }),
    );
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.doc.page.height - PAGE.margin) this.doc.addPage();
  }

  private cellHeight(cell: Bilingual, width: number, weight: Weight): number {
    let height = 0;
    cell.forEach((line, index) => {
      this.doc.font(fontName(familyFor(line.locale), weight)).fontSize(index === 0 ? SIZE.body : SIZE.small);
      height += this.doc.heightOfString(line.text, { width, lineGap: 2 });
    });
    return height;
  }

  private row(cells: Bilingual[], widths: number[], weight: Weight): void {
    const height = Math.max(...cells.map((cell, i) => this.cellHeight(cell, widths[i]! - 6, weight))) + 6;
    this.ensureRoom(height);
    const top = this.doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      this.doc.y = top + 3;
      cell.forEach((line, index) =>
        this.text(line.text, line.locale, {
          x,
          width: widths[i]! - 6,
          weight,
          size: index === 0 ? SIZE.body : SIZE.small,
          color: index === 0 ? "#000000" : MUTED,
        }),
      );
      x += widths[i]!;
    });
    this.doc
      .moveTo(PAGE.margin, top + height)
      .lineTo(PAGE.margin + this.width, top + height)
      .lineWidth(0.5)
      .strokeColor("#999999")
      .stroke();
    this.doc.x = PAGE.margin;
    this.doc.y = top + height;
  }

  table(table: PackTable): void {
    this.ensureRoom(80);
    this.bilingual(table.caption, { size: SIZE.section, weight: "bold", gap: 0.4 });
    const shares = table.headers.length === 3 ? [0.5, 0.25, 0.25] : [0.7, 0.3];
    const widths = shares.map((share) => share * this.width);
    this.row(table.headers, widths, "bold");
    for (const cells of table.rows) this.row(cells, widths, "regular");
    this.doc.moveDown(0.5);
    if (table.note) this.bilingual(table.note, { size: SIZE.small, gap: 1 });
  }
}

/**
 * The pack as a PDF byte stream. `compress: false` leaves the page contents readable, for tests.
 * Nothing here adds to what the document holds: the names, if any, are already the shown ones.
 */
export async function renderDeliveryPackPdf(
  pack: DeliveryDocument,
  options: { compress?: boolean } = {},
): Promise<Readable> {
  const fonts = await loadFonts();
  const english = pack.heading.find((line) => line.locale === "en")?.text ?? "";
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    compress: options.compress ?? true,
    lang: pack.locales[0],
    info: { Title: english, Creator: "Rollcall", CreationDate: new Date(pack.generatedAt) },
  });
  for (const file of fonts.files) doc.registerFont(fontName(file.family, file.weight), file.data);
  const writer = new PackWriter(doc, fonts.coverage);

  writer.bilingual(pack.heading, { size: SIZE.heading, weight: "bold", gap: 1 });
  writer.bilingual(pack.total.label, { size: SIZE.section, weight: "bold" });
  writer.text(pack.total.value[0]!.text, pack.total.value[0]!.locale, { size: 22, weight: "bold", gap: 0.8 });
  writer.bilingual(pack.dates.label, { size: SIZE.section, weight: "bold", gap: 0.3 });
  for (const row of pack.dates.rows) {
    row.label.forEach((label, i) =>
      writer.text(`${label.text}: ${row.value[i]?.text ?? ""}`, label.locale, {
        color: i === 0 ? "#000000" : MUTED,
        size: i === 0 ? SIZE.body : SIZE.small,
      }),
    );
  }
  doc.moveDown(1);
  for (const petition of pack.petitions) {
    writer.text(petition.title, petition.locale, { size: SIZE.section, weight: "bold", gap: 0.4 });
    for (const paragraph of petition.paragraphs) writer.text(paragraph, petition.locale, { gap: 0.6 });
    doc.moveDown(0.8);
  }
  writer.table(pack.byCountry);
  writer.table(pack.council);
  if (pack.names) {
    doc.addPage();
    writer.bilingual(pack.names.label, { size: SIZE.section, weight: "bold", gap: 0.4 });
    if (pack.names.note) writer.bilingual(pack.names.note, { size: SIZE.small, gap: 0.6 });
    // One paragraph, names separated by a middle dot: tens of thousands of names as separate
    // lines would be hundreds of pages.
    writer.text(pack.names.names.join(" · "), pack.locales[0]!, { size: SIZE.small });
  }
  doc.end();
  return doc;
}

/** The PDF stream as a web stream, for a Response body. */
export function pdfBody(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}
