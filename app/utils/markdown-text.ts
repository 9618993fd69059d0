// A petition's Markdown as plain paragraphs, for documents that are not HTML (the delivery pack's
// PDF and its printable page): no markup survives, raw HTML included, and a link keeps its text
// followed by its address, since a printed page cannot be clicked.
import { Lexer, type Token } from "marked";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join("");
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case "html":
    case "tag":
      return "";
    case "br":
      return "\n";
    case "link": {
      const text = inline(token.tokens as Token[]);
      const href = String(token.href);
      return text && text !== href ? `${text} (${href})` : href;
    }
    case "image":
      return String(token.text ?? "");
    case "codespan":
    case "escape":
      return decodeEntities(String(token.text));
    default:
      if ("tokens" in token && Array.isArray(token.tokens)) return inline(token.tokens as Token[]);
      return decodeEntities(String((token as { text?: string }).text ?? ""));
  }
}

function blocks(tokens: Token[], out: string[], prefix = ""): void {
  for (const token of tokens) {
    switch (token.type) {
      case "space":
      case "hr":
      case "html":
      case "def":
        break;
      case "heading":
      case "paragraph":
        out.push(prefix + inline(token.tokens as Token[]).trim());
        break;
      case "text":
        out.push(
          prefix +
            ("tokens" in token && token.tokens
              ? inline(token.tokens as Token[])
              : decodeEntities(String(token.text))
            ).trim(),
        );
        break;
      case "code":
        out.push(prefix + String(token.text));
        break;
      case "blockquote":
        blocks(token.tokens as Token[], out, prefix);
        break;
      case "list": {
        const items = token.items as { tokens: Token[] }[];
        items.forEach((item, index) => {
          const marker = token.ordered ? `${Number(token.start || 1) + index}. ` : "• ";
          const inner: string[] = [];
          blocks(item.tokens, inner);
          out.push(prefix + marker + inner.join(" "));
        });
        break;
      }
      case "table": {
        const header = (token.header as { text: string }[]).map((cell) => cell.text).join(" | ");
        out.push(prefix + header);
        for (const row of token.rows as { text: string }[][])
          out.push(prefix + row.map((cell) => cell.text).join(" | "));
        break;
      }
      default:
        if ("text" in token && typeof token.text === "string") out.push(prefix + decodeEntities(token.text));
    }
  }
}

/** The paragraphs of a Markdown text, as plain text. */
export function markdownParagraphs(markdown: string): string[] {
  const out: string[] = [];
  blocks(Lexer.lex(markdown), out);
  return out.filter((paragraph) => paragraph.trim() !== "");
}
