// Text as people type it, in the one spelling we validate, compare and store. Japanese and Korean
// keyboards send full-width letters, digits and punctuation (１００－０００１, ｊｏｈｎ＠…), half-width
// katakana and the ideographic space; some macOS inputs send Hangul as separate jamo (ᄀ ᅵ ᆷ for 김).
// NFKC turns each into what a reader expects, except where it would change what someone chose to
// write (see KEPT). Length limits apply after this: NFKC can lengthen text (㎏ → kg).

// NFKC would rewrite these, and a name can depend on them:
// - Hangul compatibility jamo (ㅇ, ㄱ) would become conjoining jamo, which render broken on their own
//   (김ㅇㅇ is how many Koreans half-hide a name) and merge with a following vowel (ㄱㅏ → 가);
// - CJK compatibility ideographs (神 U+FA19 and the like) would become unified ideographs whose
//   glyph differs in many fonts, and the glyph of a family name matters to the family.
const KEPT = /([\u3131-\u318E\uF900-\uFAFF\u{2F800}-\u{2FA1F}]+)/u;

// Half-width Hangul jamo are the compatibility jamo, narrow; NFKC would take them on to conjoining
// jamo, so they become the compatibility jamo and are kept. The pairs come from Unicode's own data.
// Built on first use: this module reaches the browser's bundle (through money.ts), where it should
// cost nothing until a form is read.
const HALF_WIDTH_HANGUL = /[\uFFA0-\uFFDC]/g;
let compatibilityJamo: Map<string, string> | null = null;

function compatibilityJamoOf(halfWidth: string): string {
  if (!compatibilityJamo) {
    compatibilityJamo = new Map();
    for (let code = 0x3131; code <= 0x318e; code++) {
      const jamo = String.fromCharCode(code);
      compatibilityJamo.set(jamo.normalize("NFKC"), jamo);
    }
  }
  return compatibilityJamo.get(halfWidth.normalize("NFKC")) ?? halfWidth;
}

function nfkc(value: string): string {
  return value
    .replace(HALF_WIDTH_HANGUL, compatibilityJamoOf)
    .split(KEPT)
    .map((part, index) => (index % 2 === 1 ? part : part.normalize("NFKC")))
    .join("");
}

/** Free text that may run over several lines (a message): NFKC, trimmed. */
export function typedText(value: string): string {
  return nfkc(value).trim();
}

/** One line of text (a name, an address): NFKC, each run of spaces one space, trimmed. */
export function typedLine(value: string): string {
  return nfkc(value).replace(/\s+/g, " ").trim();
}

// Dashes NFKC leaves as they are (U+2011, U+FE58 and U+FF70 arrive here as U+2010, U+2014 and
// U+30FC): the katakana long-vowel mark ー is what a Japanese input gives for "-" between digits.
const DASHES = /[\u2010-\u2015\u2212\u30FC]/g;

/** A code of digits, letters and dashes (a registration number): as typedLine, every dash "-". */
export function typedCode(value: string): string {
  return typedLine(value).replace(DASHES, "-");
}

/** A postcode: as typedCode, without the 〒 that Japanese addresses write before the code. */
export function typedPostcode(value: string): string {
  return typedCode(value).replace(/^〒\s*/, "");
}

/**
 * An email address: NFKC (ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｏｒｇ is john@example.org), trimmed, and the
 * ideographic full stop a Japanese input gives for "." read as a dot in the domain, as IDNA reads it.
 */
export function typedEmail(value: string): string {
  const email = value.normalize("NFKC").trim();
  const at = email.lastIndexOf("@");
  return at < 0 ? email : email.slice(0, at + 1) + email.slice(at + 1).replaceAll("。", ".");
}
