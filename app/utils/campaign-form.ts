import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { TRANSLATION_FIELDS, type CampaignFormErrors, type TranslationField } from "~/utils/campaign-fields";

// The field names and form reading live in campaign-fields.ts, which the browser may load.
export { readCampaignForm, TRANSLATION_FIELDS, translationFieldName } from "~/utils/campaign-fields";
export type { CampaignFormErrors, CampaignFormValues, TranslationField } from "~/utils/campaign-fields";

// The campaign editor's fields and rules, shared by the form (the staff campaign routes) and the
// model that saves it (app/models/campaign-admin.server.ts). Messages are staff catalogue keys.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Generous limits, there to keep a paste accident from filling the database, not to edit texts.
const LIMITS: Record<TranslationField, number> = {
  title: 200,
  summary: 600,
  petition: 20_000,
  background: 40_000,
  // The share image draws it large over two or three lines.
  shareText: 120,
  outcome: 20_000,
};

const text = (field: TranslationField) =>
  z
    .string()
    .trim()
    .max(LIMITS[field], `staff.campaigns.error.tooLong.${field}` satisfies StaffMessageKey)
    .default("");

const TranslationSchema = z.object(
  Object.fromEntries(TRANSLATION_FIELDS.map((field) => [field, text(field)])) as Record<
    TranslationField,
    ReturnType<typeof text>
  >,
);

const localeSchema = z.enum(LOCALES, { error: "staff.campaigns.error.locale" satisfies StaffMessageKey });

export const CampaignFormSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(3, "staff.campaigns.error.slugLength" satisfies StaffMessageKey)
    .max(60, "staff.campaigns.error.slugLength" satisfies StaffMessageKey)
    .regex(SLUG_PATTERN, "staff.campaigns.error.slugFormat" satisfies StaffMessageKey),
  sourceLocale: localeSchema,
  signatureGoal: z.coerce
    .number({ error: "staff.campaigns.error.goal" satisfies StaffMessageKey })
    .int("staff.campaigns.error.goal" satisfies StaffMessageKey)
    .min(1, "staff.campaigns.error.goal" satisfies StaffMessageKey)
    .max(100_000_000, "staff.campaigns.error.goal" satisfies StaffMessageKey),
  // A wall-clock time in the staff time zone, from <input type="datetime-local">; empty for none.
  deadline: z
    .string()
    .trim()
    .regex(
      /^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)?$/,
      "staff.campaigns.error.deadline" satisfies StaffMessageKey,
    )
    .default(""),
  privacyMode: z.enum(["normal", "at_risk"], {
    error: "staff.campaigns.error.privacyMode" satisfies StaffMessageKey,
  }),
  targets: z
    .array(z.string().regex(/^[A-Z]{3}$/, "staff.campaigns.error.targets" satisfies StaffMessageKey))
    .max(193, "staff.campaigns.error.targets" satisfies StaffMessageKey),
  translations: z.object({ en: TranslationSchema, ko: TranslationSchema, ja: TranslationSchema }),
});

export type CampaignInput = z.infer<typeof CampaignFormSchema>;
export type TranslationInput = CampaignInput["translations"][Locale];

/** Field errors from the schema, keyed by form field name (`en.title`, `slug`, …). */
export function campaignFormErrors(error: z.ZodError): CampaignFormErrors {
  const errors: CampaignFormErrors = {};
  for (const issue of error.issues) {
    const path = issue.path[0] === "translations" ? issue.path.slice(1) : issue.path.slice(0, 1);
    const name = path.join(".");
    errors[name] ??= issue.message as StaffMessageKey;
  }
  return errors;
}
