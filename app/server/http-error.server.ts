// How the server answers a request it refuses before Remix (request-guards.server.ts) or one that
// failed outside Remix: a small page in the reader's language, chosen as the app chooses (the URL's
// prefix, else Accept-Language), or a line of JSON for the machine-facing /api and /webhooks paths.
// The page is a plain string, not a Remix render, so refusing costs next to nothing.
import { STATUS_CODES } from "node:http";
import type { Request, Response } from "express";
import { getTranslator } from "~/i18n/catalog.server";
import { negotiateLocale, samePrefixAs, splitLocalePath } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";

type Explanation = { title: MessageKey; body: MessageKey };

const EXPLANATIONS: Record<number, Explanation> = {
  400: { title: "httpError.badRequest.title", body: "httpError.badRequest.body" },
  403: { title: "httpError.crossSite.title", body: "httpError.crossSite.body" },
  404: { title: "error.notFound.title", body: "error.notFound.body" },
  405: { title: "httpError.methodNotAllowed.title", body: "httpError.methodNotAllowed.body" },
  413: { title: "httpError.tooLarge.title", body: "httpError.tooLarge.body" },
  415: { title: "httpError.unsupportedType.title", body: "httpError.unsupportedType.body" },
};

const MACHINE_PATH = /^\/(?:api|webhooks)\//i;

function explanationFor(status: number): Explanation {
  return (
    EXPLANATIONS[status] ??
    (status < 500 ? EXPLANATIONS[400]! : { title: "error.generic.title", body: "error.generic.body" })
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function sendHttpError(
  req: Request,
  res: Response,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.status(status).set({ ...headers, "Cache-Control": "no-store" });
  if (MACHINE_PATH.test(req.path)) {
    res.json({ ok: false, error: STATUS_CODES[status] ?? "Error" });
    return;
  }
  const locale = splitLocalePath(req.path).locale ?? negotiateLocale(req.get("accept-language"));
  const t = getTranslator(locale);
  const { title, body } = explanationFor(status);
  res
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<meta name="robots" content="noindex"><title>${escapeHtml(t(title))}</title></head>` +
        `<body><main><h1>${escapeHtml(t(title))}</h1><p>${escapeHtml(t(body))}</p>` +
        `<p><a href="${samePrefixAs(req.path, "/")}">${escapeHtml(t("error.backHome"))}</a></p></main></body></html>`,
    );
}
