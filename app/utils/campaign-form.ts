import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { CURRENCIES, minorPerMajor, type CurrencyCode } from "~/utils/money";
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

// The money goal is stored in minor units in a 32-bit column: at most about ₩2.1 billion or $21 million.
const MAX_DONATION_GOAL_MINOR = 2_147_483_647;

const donationGoalError = "staff.donations.goal.error.amount" satisfies StaffMessageKey;

/** A money goal as typed (whole major units: "5000000" won, "25000" dollars) in minor units. */
export function donationGoalMinor(amount: string, currency: CurrencyCode): number {
  return Number(amount) * minorPerMajor(currency);
}

const CampaignFieldsSchema = z.object({
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
  // Optional money goal: a whole number in the currency's major unit (empty for none) and its
  // currency. Never a sum of currencies: the bar counts only gifts in this one.
  donationGoal: z
    .string()
    .normalize("NFKC")
    .trim()
    .transform((value) => value.replace(/[,\s]/g, ""))
    .pipe(z.string().regex(/^(?:[1-9]\d{0,9})?$/, donationGoalError))
    .default(""),
  donationGoalCurrency: z
    .union([z.literal(""), z.enum(CURRENCIES)], {
      error: "staff.donations.goal.error.currency" satisfies StaffMessageKey,
    })
    .default(""),
});

export const CampaignFormSchema = CampaignFieldsSchema.superRefine((data, ctx) => {
  if (!data.donationGoal) return;
  if (!data.donationGoalCurrency) {
    ctx.addIssue({
      code: "custom",
      path: ["donationGoalCurrency"],
      message: "staff.donations.goal.error.currency" satisfies StaffMessageKey,
    });
  } else if (donationGoalMinor(data.donationGoal, data.donationGoalCurrency) > MAX_DONATION_GOAL_MINOR) {
    ctx.addIssue({ code: "custom", path: ["donationGoal"], message: donationGoalError });
  }
});

export type CampaignInput = z.infer<typeof CampaignFormSchema>;
export type TranslationInput = CampaignInput["translations"][Locale];

/** The goal as stored: minor units and currency, or neither. */
export function donationGoalFrom(data: Pick<CampaignInput, "donationGoal" | "donationGoalCurrency">): {
  donationGoal: number | null;
  donationGoalCurrency: CurrencyCode | null;
} {
  if (!data.donationGoal || !data.donationGoalCurrency)
    return { donationGoal: null, donationGoalCurrency: null };
  return {
    donationGoal: donationGoalMinor(data.donationGoal, data.donationGoalCurrency),
    donationGoalCurrency: data.donationGoalCurrency,
  };
}

/** A stored goal as the form shows it: whole major units. */
export function donationGoalForForm(goal: number | null, currency: CurrencyCode | null): string {
  return goal !== null && currency ? String(Math.floor(goal / minorPerMajor(currency))) : "";
}

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
