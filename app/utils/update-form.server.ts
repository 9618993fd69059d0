// The update editor's rules, shared by the form's action and the model that saves it
// (app/models/update-admin.server.ts). Messages are staff catalogue keys. A server module, so the
// staff pages' browser code never loads zod.
import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { GENERAL_AUDIENCE, type UpdateFormErrors } from "~/utils/update-fields";

// Generous limits against paste accidents; a body is read in an inbox, so far shorter in practice.
export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

const TextSchema = z.object({
  subject: z
    .string()
    .trim()
    .max(SUBJECT_MAX, "staff.updates.error.subjectLength" satisfies StaffMessageKey)
    .default(""),
  body: z
    .string()
    .trim()
    .max(BODY_MAX, "staff.updates.error.bodyLength" satisfies StaffMessageKey)
    .default(""),
});

const AUDIENCE_ERROR = "staff.updates.error.audience" satisfies StaffMessageKey;
const VOTE_ERROR = "staff.updates.error.vote" satisfies StaffMessageKey;

/**
 * English is always one of the languages. A subscriber whose language the update lacks is sent
 * English, and nearly every audience has someone whose language is not chosen, so the simplest
 * rule that never leaves a reader without text is to require English.
 */
export const UpdateFormSchema = z
  .object({
    audience: z.union([z.literal(GENERAL_AUDIENCE), z.uuid({ error: AUDIENCE_ERROR })], {
      error: AUDIENCE_ERROR,
    }),
    unVoteId: z.union([z.literal(""), z.uuid({ error: VOTE_ERROR })], { error: VOTE_ERROR }),
    languages: z
      .array(z.enum(LOCALES, { error: "staff.updates.error.languages" satisfies StaffMessageKey }))
      .refine((list) => list.includes("en"), "staff.updates.error.englishRequired" satisfies StaffMessageKey),
    translations: z.object({ en: TextSchema, ko: TextSchema, ja: TextSchema }),
  })
  .superRefine((input, ctx) => {
    for (const locale of input.languages) {
      for (const field of ["subject", "body"] as const) {
        if (input.translations[locale][field]) continue;
        ctx.addIssue({
          code: "custom",
          path: ["translations", locale, field],
          message: `staff.updates.error.${field}Required` satisfies StaffMessageKey,
        });
      }
    }
  });

export type UpdateInput = z.infer<typeof UpdateFormSchema>;

/** Field errors keyed by form field name (`en.subject`, `audience`, `languages`, …). */
export function updateFormErrors(error: z.ZodError): UpdateFormErrors {
  const errors: UpdateFormErrors = {};
  for (const issue of error.issues) {
    const path = issue.path[0] === "translations" ? issue.path.slice(1) : issue.path.slice(0, 1);
    errors[path.join(".")] ??= issue.message as StaffMessageKey;
  }
  return errors;
}

/** A wall-clock time typed into <input type="datetime-local">, read in the staff time zone. */
export const ScheduleSchema = z.object({
  scheduledAt: z
    .string()
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/,
      "staff.updates.error.scheduleFormat" satisfies StaffMessageKey,
    ),
});

export const TestSendSchema = z.object({
  locale: z.enum(LOCALES, { error: "staff.updates.error.languages" satisfies StaffMessageKey }),
});

export function chosenLocales(input: UpdateInput): Locale[] {
  return LOCALES.filter((locale) => input.languages.includes(locale));
}
