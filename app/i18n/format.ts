// Formats catalogue messages written in a subset of ICU MessageFormat, with the platform's Intl:
//   "Hello {name}"   "{count, plural, =0 {No signatures} one {# signature} other {# signatures}}"
// A library would add ~15 KB to every page's JavaScript; this subset is all the catalogues use,
// and tests/unit/i18n-catalogues.test.ts parses every message with it (docs/decisions/0004).

export type MessageValues = Record<string, string | number>;

type Part =
  | { kind: "text"; text: string }
  | { kind: "arg"; name: string }
  | { kind: "number" } // `#` inside a plural branch
  | { kind: "plural"; name: string; branches: Map<string, Part[]> };

export class MessageSyntaxError extends Error {
  override name = "MessageSyntaxError";
}

function parseParts(source: string, start: number, inPlural: boolean): [Part[], number] {
  const parts: Part[] = [];
  let text = "";
  let i = start;
  const flush = () => {
    if (text) parts.push({ kind: "text", text });
    text = "";
  };
  while (i < source.length) {
    const char = source[i]!;
    if (char === "}") break;
    if (char === "#" && inPlural) {
      flush();
      parts.push({ kind: "number" });
      i++;
    } else if (char === "{") {
      flush();
      const [part, next] = parseArgument(source, i + 1);
      parts.push(part);
      i = next;
    } else {
      text += char;
      i++;
    }
  }
  flush();
  return [parts, i];
}

function parseArgument(source: string, start: number): [Part, number] {
  const close = source.indexOf("}", start);
  const comma = source.indexOf(",", start);
  if (close === -1) throw new MessageSyntaxError(`Unclosed "{" in: ${source}`);
  if (comma === -1 || close < comma) {
    const name = source.slice(start, close).trim();
    if (!/^\w+$/.test(name)) throw new MessageSyntaxError(`Bad argument "${name}" in: ${source}`);
    return [{ kind: "arg", name }, close + 1];
  }
  const name = source.slice(start, comma).trim();
  const typeEnd = source.indexOf(",", comma + 1);
  const type = source.slice(comma + 1, typeEnd).trim();
  if (type !== "plural" || !/^\w+$/.test(name)) {
    throw new MessageSyntaxError(`Only {name} and {name, plural, …} are supported: ${source}`);
  }
  const branches = new Map<string, Part[]>();
  let i = typeEnd + 1;
  for (;;) {
    while (/\s/.test(source[i] ?? "")) i++;
    if (source[i] === "}") break;
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(source.slice(i));
    if (!selector) throw new MessageSyntaxError(`Bad plural branch in: ${source}`);
    const [parts, end] = parseParts(source, i + selector[0].length, true);
    if (source[end] !== "}") throw new MessageSyntaxError(`Unclosed plural branch in: ${source}`);
    branches.set(selector[1]!, parts);
    i = end + 1;
  }
  if (!branches.has("other")) throw new MessageSyntaxError(`Plural without "other" in: ${source}`);
  return [{ kind: "plural", name, branches }, i + 1];
}

export function parseMessage(source: string): Part[] {
  const [parts, end] = parseParts(source, 0, false);
  if (end !== source.length) throw new MessageSyntaxError(`Unexpected "}" in: ${source}`);
  return parts;
}

/** Names of the arguments a message uses, for checking catalogues against each other. */
export function messageArguments(source: string): string[] {
  const names = new Set<string>();
  const visit = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind === "arg") names.add(part.name);
      if (part.kind === "plural") {
        names.add(part.name);
        part.branches.forEach(visit);
      }
    }
  };
  visit(parseMessage(source));
  return [...names].sort();
}

const parsedCache = new Map<string, Part[]>();

export function formatMessage(locale: string, source: string, values: MessageValues = {}): string {
  let parts = parsedCache.get(source);
  if (!parts) {
    parts = parseMessage(source);
    parsedCache.set(source, parts);
  }
  return render(locale, parts, values, undefined);
}

function render(locale: string, parts: Part[], values: MessageValues, count: number | undefined): string {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "number") out += new Intl.NumberFormat(locale).format(count ?? 0);
    else if (part.kind === "arg") {
      const value = values[part.name];
      out += typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : (value ?? "");
    } else {
      const n = Number(values[part.name] ?? 0);
      const branch =
        part.branches.get(`=${n}`) ??
        part.branches.get(new Intl.PluralRules(locale).select(n)) ??
        part.branches.get("other")!;
      out += render(locale, branch, values, n);
    }
  }
  return out;
}
