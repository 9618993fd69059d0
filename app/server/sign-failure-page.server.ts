// The page the sign form's fast path answers with when a signature could not be stored (the
// database restarting, say). It is written here rather than rendered by Remix: Remix would run the
// whole signature again, and during an outage it would fail the same way.
import { getTranslator } from "~/i18n/catalog.server";
import type { Locale } from "~/i18n/locales";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A small HTML page, in the signer's language, asking them to sign again from `petitionPath`. */
export function signFailurePage(locale: Locale, petitionPath: string): string {
  const t = getTranslator(locale);
  const title = escapeHtml(t("sign.failed.title"));
  return [
    "<!doctype html>",
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${title}</title></head>`,
    "<body><main>",
    `<h1>${title}</h1>`,
    `<p>${escapeHtml(t("sign.failed.body"))}</p>`,
    `<p><a href="${escapeHtml(petitionPath)}">${escapeHtml(t("sign.failed.back"))}</a></p>`,
    "</main></body></html>",
  ].join("\n");
}
