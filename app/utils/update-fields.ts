import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";

// The update editor's field names and form reading, apart from its zod schema
// (app/utils/update-form.server.ts) so the editor's browser bundle does not carry zod.

export const UPDATE_TEXT_FIELDS = ["subject", "body"] as const;
export type UpdateTextField = (typeof UPDATE_TEXT_FIELDS)[number];

/** The audience value for the organisation's general list; otherwise a campaign id. */
export const GENERAL_AUDIENCE = "general";

/** `en.subject`, `ko.body`, … */
export function updateFieldName(locale: Locale, field: UpdateTextField): string {
  return `${locale}.${field}`;
}

/** What was typed, as the form shows it again: strings by field name, the chosen languages as a list. */
export type UpdateFormValues = { fields: Record<string, string>; languages: string[] };
export type UpdateFormErrors = Record<string, StaffMessageKey>;

/** The posted form as typed (for re-rendering) and as the schema's input. */
export function readUpdateForm(form: { get(name: string): unknown; getAll(name: string): unknown[] }): {
  values: UpdateFormValues;
  input: unknown;
} {
  const str = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const fields: Record<string, string> = { audience: str("audience"), unVoteId: str("unVoteId") };
  const translations = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      Object.fromEntries(
        UPDATE_TEXT_FIELDS.map((field) => {
          const name = updateFieldName(locale, field);
          fields[name] = str(name);
          return [field, fields[name]];
        }),
      ),
    ]),
  );
  const languages = [
    ...new Set(form.getAll("languages").filter((value): value is string => typeof value === "string")),
  ];
  return { values: { fields, languages }, input: { ...fields, languages, translations } };
}
