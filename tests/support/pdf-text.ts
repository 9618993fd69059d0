// Reads back the text of an uncompressed PDF written by pdfkit (compress: false), without a PDF
// library: pdfkit writes embedded-font text as glyph ids, so a name can only be searched for after
// mapping each font's glyph ids back to characters through its ToUnicode CMap.

type PdfObjects = Map<number, string>;

function objects(pdf: string): PdfObjects {
  const found = new Map<number, string>();
  for (const match of pdf.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g))
    found.set(Number(match[1]), match[2]!);
  return found;
}

function hexToString(hex: string): string {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** glyph id → text, from a ToUnicode CMap (pdfkit writes bfrange with arrays). */
function cmap(stream: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of stream.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    const start = parseInt(range[1]!, 16);
    const targets = [...range[3]!.matchAll(/<([0-9a-f]*)>/gi)].map((m) => hexToString(m[1]!));
    targets.forEach((target, i) => map.set(start + i, target));
  }
  for (const single of stream.matchAll(/^<([0-9a-f]{4})> <([0-9a-f]+)>$/gim))
    map.set(parseInt(single[1]!, 16), hexToString(single[2]!));
  return map;
}

export type PdfFacts = { pages: number; embeddedFonts: string[]; text: string };

/** Page count, the embedded fonts' names, and the text of every page in order. */
export function readPdf(bytes: Uint8Array): PdfFacts {
  const pdf = Buffer.from(bytes).toString("latin1");
  const all = objects(pdf);
  const fontMaps = new Map<number, Map<number, string>>();
  const embeddedFonts: string[] = [];
  for (const [id, body] of all) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(body);
    if (!/\/Type \/Font/.test(body) || !toUnicode) continue;
    embeddedFonts.push(/\/BaseFont \/(\S+)/.exec(body)?.[1] ?? "?");
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(all.get(Number(toUnicode[1])) ?? "")?.[1] ?? "";
    fontMaps.set(id, cmap(stream));
  }
  const pages = [...all.values()].filter((body) => /\/Type \/Page\b/.test(body));
  let text = "";
  for (const page of pages) {
    const fontRefs = new Map<string, number>();
    const resourcesRef = /\/Resources (\d+) 0 R/.exec(page);
    const resources = resourcesRef ? (all.get(Number(resourcesRef[1])) ?? "") : page;
    for (const ref of (/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g))
      fontRefs.set(ref[1]!, Number(ref[2]));
    const contents = /\/Contents (\d+) 0 R/.exec(page);
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(all.get(Number(contents?.[1])) ?? "")?.[1] ?? "";
    let font: Map<number, string> | undefined;
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ|(ET)/g)) {
      if (op[1]) font = fontMaps.get(fontRefs.get(op[1]) ?? -1);
      else if (op[3]) text += "\n";
      else if (op[2] && font) {
        for (const hex of op[2].matchAll(/<([0-9a-f]+)>/gi))
          for (let i = 0; i + 4 <= hex[1]!.length; i += 4)
            text += font.get(parseInt(hex[1]!.slice(i, i + 4), 16)) ?? "\uFFFD";
      }
    }
  }
  return { pages: pages.length, embeddedFonts, text };
}
