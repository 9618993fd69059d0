import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";

// The campaign editor's field names, apart from its zod schema (app/utils/campaign-form.ts) so the
// editor's browser bundle does not carry zod.

export const TRANSLATION_FIELDS = [
  "title",
  "summary",
  "petition",
  "background",
  "shareText",
  "outcome",
] as const;
export type TranslationField = (typeof TRANSLATION_FIELDS)[number];

/** Form field names: `slug`, …, `targets` (repeated), and `<locale>.<field>` for the texts. */
export function translationFieldName(locale: Locale, field: TranslationField): string {
  return `${locale}.${field}`;
}

/** What was typed, as the form shows it again: strings by field name, targets as a list. */
export type CampaignFormValues = { fields: Record<string, string>; targets: string[] };
export type CampaignFormErrors = Record<string, StaffMessageKey>;

const SCALAR_FIELDS = [
  "slug",
  "sourceLocale",
  "signatureGoal",
  "deadline",
  "privacyMode",
  "donationGoal",
  "donationGoalCurrency",
] as const;

/** The posted form as typed (for re-rendering) and as the schema's input. */
export function readCampaignForm(form: { get(name: string): unknown; getAll(name: string): unknown[] }): {
  values: CampaignFormValues;
  input: unknown;
} {
  const str = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const fields: Record<string, string> = {};
  for (const name of SCALAR_FIELDS) fields[name] = str(name);
  const translations = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      Object.fromEntries(
        TRANSLATION_FIELDS.map((field) => {
          const name = translationFieldName(locale, field);
          fields[name] = str(name);
          return [field, fields[name]];
        }),
      ),
    ]),
  );
  const targets = [
    ...new Set(form.getAll("targets").filter((value): value is string => typeof value === "string")),
  ];
  return {
    values: { fields, targets },
    input: { ...fields, targets, translations },
  };
}
