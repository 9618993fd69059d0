// The rules of docs/glossary.md as code: what the glossary test applies to every catalogue string
// and seed text. Kept apart from the test so that the test can also show each rule catching the
// mistakes it exists for.

export type Locale = "en" | "ko" | "ja";
export type Text = {
  /** File and key, or seed campaign and field: what a failure names. */
  where: string;
  locale: Locale;
  text: string;
  /** A title or heading may name the Security Council in full without its short form. */
  heading?: boolean;
  /** A campaign text, read on its own: it introduces the Council's short form itself. */
  standalone?: boolean;
  /** A proper name (a country): terms apply, the sentence register does not (캐나다 is no ~다 ending). */
  name?: boolean;
};

/**
 * The Avoid column: `word` anywhere in a string, `=word` as a whole string, `/pattern/` a regular
 * expression.
 */
export function avoidedTerms(glossary: string): string[] {
  const terms: string[] = [];
  for (const row of tableRows(glossary, "## Terms")) {
    const avoid = row[3] ?? "";
    for (const match of avoid.matchAll(/`([^`]+)`/g)) terms.push(match[1]!);
  }
  return terms;
}

/** The `Where` cells of the exceptions table, each "file key" as a failure names it. */
export function registerExceptions(glossary: string): Set<string> {
  const places = tableRows(glossary, "## Register exceptions").map((row) => row[0]!.replace(/`/g, "").trim());
  return new Set(places.filter(Boolean));
}

function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/glossary.md has no "${heading}" section`);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return section
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .slice(1) // the header row
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
}

export function avoidedTermsIn(item: Text, terms: string[]): string[] {
  const lower = item.text.toLowerCase();
  return terms.filter((term) => {
    if (term.startsWith("=")) return item.text.trim() === term.slice(1);
    if (term.length > 2 && term.startsWith("/") && term.endsWith("/"))
      return new RegExp(term.slice(1, -1), "u").test(item.text);
    return lower.includes(term.toLowerCase());
  });
}

/** Message arguments and markup become a neutral word, so only our own words are judged. */
function plainWords(text: string): string {
  let plain = text;
  // ICU arguments nest ({count, plural, other {서명 #명}}): keep the inner text, drop the rest.
  for (let i = 0; i < 4; i++) plain = plain.replace(/\{[^{}]*\{([^{}]*)\}[^{}]*\}/g, " $1 ");
  return plain.replace(/\{[^{}]*\}/g, "X").replace(/<[^>]*>/g, "");
}

function sentences(text: string): string[] {
  return plainWords(text)
    .split(/(?<=[.!?。！？])\s*|\n+/)
    .map((sentence) => sentence.replace(/[\s.!?。！？:;：；…)"'」』）\]]+$/u, ""))
    .filter(Boolean);
}

// Casual 해요체 endings (있어요, 할까요, 싶으신가요, 했죠); ~세요 is the polite request we use.
const HAEYO = /(?:어|아|여|해|돼|워|와|봐|줘|져|쳐|려|셔|에|예|네|지|까|나|가|래|게|걸|데|군|구)요$|죠$/;
const BOTH_PARTICLES =
  /(?:은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로|\(이\)라)/;

/** What breaks the Korean register rule in one string, as short descriptions. */
export function koreanRegisterFaults(text: string): string[] {
  const faults: string[] = [];
  if (BOTH_PARTICLES.test(text)) faults.push("both forms of a particle");
  for (const sentence of sentences(text)) {
    const word = /([가-힣]+)$/.exec(sentence)?.[1];
    if (!word) continue;
    if (/십시오$|십시요$/.test(word)) faults.push(`~십시오 (${word})`);
    else if (HAEYO.test(word) && !word.endsWith("세요")) faults.push(`해요체 (${word})`);
    else if (word.endsWith("다") && !word.endsWith("니다")) faults.push(`plain ~다 (${word})`);
  }
  return faults;
}

const JAPANESE_POLITE = /(?:です|ます|ました|でした|ません|ください|ましょう|でしょう)$/;
const JAPANESE_PLAIN = /(?:だ|である|だった|ない|た|る|う|く|つ|む|ぶ|ぐ|ぬ|す)$/;

/** Sentences that end in a plain form instead of です / ます. */
export function japaneseRegisterFaults(text: string): string[] {
  const faults: string[] = [];
  for (const sentence of plainWords(text).split(/(?<=。)/)) {
    if (!sentence.trim().endsWith("。")) continue;
    const body = sentence
      .trim()
      .slice(0, -1)
      .replace(/[」』）)]+$/u, "");
    if (JAPANESE_PLAIN.test(body) && !JAPANESE_POLITE.test(body))
      faults.push(`plain ending (…${body.slice(-8)})`);
  }
  return faults;
}

/** The Security Council named as the glossary says: full name once, then the short form. */
export function councilNameFaults(item: Text): string[] {
  const { text, locale } = item;
  const faults: string[] = [];
  if (locale === "ko") {
    const full = [...text.matchAll(/안전보장이사회/g)];
    if (full.length > 1) faults.push("안전보장이사회 more than once (then 안보리)");
    for (const match of full) {
      const before = text.slice(0, match.index);
      const after = text.slice(match.index! + match[0].length);
      if (!before.endsWith("유엔 ")) faults.push("안전보장이사회 without 유엔");
      else if (!after.startsWith("(안보리)") && !item.heading)
        faults.push("유엔 안전보장이사회 without (안보리)");
    }
    const short = text.indexOf("안보리");
    if (item.standalone && short >= 0 && !text.slice(0, short).endsWith("유엔 안전보장이사회("))
      faults.push("안보리 before 유엔 안전보장이사회(안보리)");
  }
  if (locale === "ja") {
    const full = [...text.matchAll(/安全保障理事会/g)];
    if (full.length > 1) faults.push("安全保障理事会 more than once (then 安保理)");
    for (const match of full)
      if (!text.slice(0, match.index).endsWith("国連")) faults.push("安全保障理事会 without 国連");
    const short = text.indexOf("安保理");
    if (item.standalone && short >= 0 && (full.length === 0 || full[0]!.index! > short))
      faults.push("安保理 before 国連安全保障理事会");
  }
  return faults;
}

/** A UN agenda title quoted in Korean or Japanese names the state formally. */
export function quotedTitleFaults(item: Text): string[] {
  if (!item.text.includes("Democratic People's Republic of Korea")) return [];
  if (item.locale === "ko" && !item.text.includes("조선민주주의인민공화국"))
    return ["a quoted UN title without 조선민주주의인민공화국"];
  if (item.locale === "ja" && !item.text.includes("朝鮮民主主義人民共和国"))
    return ["a quoted UN title without 朝鮮民主主義人民共和国"];
  return [];
}
