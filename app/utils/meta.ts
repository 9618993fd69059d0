import type { MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import type { Locale } from "~/i18n/locales";
import { createTranslator, type MessageKey, type Messages } from "~/i18n/translate";

type RootData = { locale: Locale; messages: Messages; org: { name: string } };
type MetaArgs = { matches: { id: string; data: unknown }[]; error?: unknown };

/**
 * `<title>` and description for a page, in the reader's language. When the page ended in an error
 * (a 404 or worse) the title says so instead.
 */
export function pageMeta(
  { matches, error }: MetaArgs,
  title: MessageKey | { text: string },
): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as RootData | undefined;
  if (!root) return [];
  const t = createTranslator(root.locale, root.messages);
  let page = typeof title === "string" ? t(title) : title.text;
  if (error) {
    page = t(
      isRouteErrorResponse(error) && error.status === 404 ? "error.notFound.title" : "error.generic.title",
    );
  }
  return [
    { title: t("document.title", { page, org: root.org.name }) },
    { name: "description", content: t("meta.description") },
  ];
}
