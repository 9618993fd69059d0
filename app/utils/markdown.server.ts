// Campaign texts are Markdown typed by staff, and staff accounts are phished: a stolen session must
// not be able to put script on a public page. So Markdown is rendered by `marked`, and whatever it
// produced (it passes raw HTML through) goes through an allow-list sanitiser before it is served.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Our own instance, so no other module's marked.use() can change how campaign texts render.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

const LINK_REL = "noopener noreferrer nofollow";

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "h2", "h3", "h4", "code"],
  // rel is set by transformTags below; whatever rel the source had is replaced.
  allowedAttributes: { a: ["href", "rel"] },
  // Raw HTML typed into the Markdown is dropped with its content for these (a script's body must
  // not turn into visible text either); other disallowed tags lose the tag and keep their text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template"],
  disallowedTagsMode: "discard",
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Markdown's "# Heading" would compete with the page's own h1; it becomes an h2.
  transformTags: {
    h1: "h2",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/** Campaign Markdown as HTML that is safe to put in a public page as it is. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return "";
  const html = markdown.parse(source.replace(/\r\n?/g, "\n"), { async: false }) as string;
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}
