import { z } from "zod";
import type { MessageKey } from "~/i18n/translate";
import { typedEmail, typedLine, typedPostcode } from "~/utils/typed-text";

// The sign form's fields and rules, shared by the form (app/components/sign-form.tsx) and the code
// that takes it (app/models/signing.server.ts). Each message is a catalogue key, so errors reach
// the signer in their language. Every typed field is normalised first (app/utils/typed-text.ts), so
// the limits apply to, and the database keeps, the spelling that is shown and compared.

export const SignFormSchema = z.object({
  name: z.string().overwrite(typedLine).min(1, "sign.error.nameRequired").max(100, "sign.error.nameTooLong"),
  email: z
    .string()
    .overwrite(typedEmail)
    .max(254, "sign.error.emailInvalid")
    .pipe(z.email("sign.error.emailInvalid")),
  country: z.string().regex(/^(?:[A-Z]{3}|OTHER)$/, "sign.error.countryInvalid"),
  postcode: z
    .string()
    .overwrite(typedPostcode)
    .max(16, "sign.error.postcodeInvalid")
    .regex(/^[\p{L}\p{N} -]*$/u, "sign.error.postcodeInvalid")
    .optional(),
  display: z.enum(["full_name", "initials", "anonymous"], { error: "sign.error.displayInvalid" }),
  fromDprk: z.literal("on").optional(),
  updates: z.literal("on").optional(),
});

export const SIGN_FORM_FIELDS = [
  "name",
  "email",
  "country",
  "postcode",
  "display",
  "fromDprk",
  "updates",
] as const;

export type SignFormValues = Partial<Record<(typeof SIGN_FORM_FIELDS)[number], string>>;

/** Field errors, and `form` for one about the whole form (it was open too long). */
export type SignFormErrors = Partial<
  Record<"name" | "email" | "country" | "postcode" | "display" | "form", MessageKey>
>;
