import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/utils/markdown.server";
import { DEMO_CAMPAIGNS } from "../../prisma/data/demo-campaigns";

function decode(html: string) {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

// Everything the sanitiser lets through: anything else in its output is a failure.
const ALLOWED_TAG = /^<\/?(p|br|strong|em|ul|ol|li|blockquote|a|h2|h3|h4|code)(\s|>|\/)/;

function expectInert(html: string) {
  // Text may mention "javascript:" harmlessly; tags and attributes may not.
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag).toMatch(ALLOWED_TAG);
    expect(tag).not.toMatch(/\son\w+=|style=|javascript:|data:|vbscript:/i);
  }
}

describe("campaign Markdown", () => {
  it("renders plain paragraphs as paragraphs, as the seed's texts were shown before", () => {
    expect(renderMarkdown("First paragraph.\n\nSecond paragraph.")).toBe(
      "<p>First paragraph.</p>\n<p>Second paragraph.</p>",
    );
    expect(renderMarkdown("   ")).toBe("");
  });

  it("renders every seeded text as exactly its paragraphs, as the page showed them before Markdown", () => {
    for (const campaign of DEMO_CAMPAIGNS) {
      for (const text of Object.values(campaign.texts)) {
        for (const source of [text.petition, text.background]) {
          const paragraphs = source.split(/\n{2,}/).filter(Boolean);
          const html = renderMarkdown(source);
          const rendered = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((match) => decode(match[1]!));
          expect(rendered).toEqual(paragraphs);
          expect(html.replace(/<\/?p>|\n/g, "")).not.toMatch(/</);
        }
      }
    }
  });

  it("keeps the allowed formatting, and turns a level-one heading into h2 under the page's h1", () => {
    const html = renderMarkdown(
      "# Top\n\n## Sub\n\n**bold** *em* `code`\n\n> quote\n\n1. one\n2. two\n\n- a",
    );
    expect(html).toContain("<h2>Top</h2>");
    expect(html).toContain("<h2>Sub</h2>");
    expect(html).toContain("<strong>bold</strong> <em>em</em> <code>code</code>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<li>a</li>");
    expectInert(html);
  });

  it("drops script tags together with their content", () => {
    for (const source of [
      "<script>alert(1)</script>Hello",
      "Text <script>alert(1)</script> more",
      "<svg><script>alert(1)</script></svg>",
      "<<script>script>alert(1)<</script>/script>",
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html).not.toContain("alert(1)");
    }
  });

  it("drops event handlers, style attributes and raw HTML elements", () => {
    for (const source of [
      '<img src="x" onerror="alert(1)">',
      '<p onclick="alert(1)" style="color:red">Hi</p>',
      '<div onmouseover="alert(1)">raw</div>',
      '<iframe src="https://example.org"></iframe>',
      "<style>body{display:none}</style>",
      '<a href="https://example.org" onclick="alert(1)">x</a>',
      '<details open ontoggle="alert(1)">x</details>',
    ]) {
      expectInert(renderMarkdown(source));
    }
    expect(renderMarkdown('<div onmouseover="alert(1)">raw</div>')).toBe("raw");
  });

  it("removes javascript:, data: and vbscript: links, however they are written", () => {
    for (const source of [
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      '<a href="vbscript:msgbox(1)">click</a>',
      '<a href=" javascript:alert(1)">click</a>',
      "[click](//evil.example)",
      "<javascript:alert(1)>",
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html).not.toContain("href");
    }
  });

  it("drops images, data: URIs included", () => {
    const html = renderMarkdown("![x](https://example.org/a.png) ![y](data:image/png;base64,AAAA)");
    expectInert(html);
    expect(html).not.toContain("example.org");
  });

  it("keeps http(s) and mailto links, each with rel noopener noreferrer nofollow", () => {
    const html = renderMarkdown(
      '[site](https://example.org/a?b=1 "Title") [mail](mailto:hello@example.org) <a href="http://x.example" rel="opener" target="_blank">raw</a>',
    );
    expect(html).toContain('<a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">site</a>');
    expect(html).toContain('<a href="mailto:hello@example.org" rel="noopener noreferrer nofollow">mail</a>');
    expect(html).toContain('<a href="http://x.example" rel="noopener noreferrer nofollow">raw</a>');
    expect(html).not.toContain("target");
    expect(html).not.toContain("title=");
  });

  it("escapes HTML typed inside code", () => {
    expect(renderMarkdown("`<b onclick=x>`")).toBe("<p><code>&lt;b onclick=x&gt;</code></p>");
  });
});
