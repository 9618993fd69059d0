import { z } from "zod";
import { LOCALES } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";
import { typedEmail, typedLine } from "~/utils/typed-text";

// The subscribe form's fields and rules, shared by the forms (app/components/subscribe-form.tsx,
// subscribe-box.tsx) and the code that takes them (app/models/subscribe.server.ts). Each message is
// a catalogue key, so errors reach the reader in their language.

/** The topic value of the organisation's general list; every other topic is a campaign's id. */
export const GENERAL_TOPIC = "general";
const TOPIC = /^(?:general|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const SubscribeFormSchema = z.object({
  email: z
    .string()
    .overwrite(typedEmail)
    .max(254, "subscribe.error.emailInvalid")
    .pipe(z.email("subscribe.error.emailInvalid")),
  name: z.string().overwrite(typedLine).max(100, "subscribe.error.nameTooLong").optional(),
  locale: z.enum(LOCALES, { error: "subscribe.error.localeInvalid" }),
  country: z
    .string()
    .regex(/^(?:[A-Z]{3})?$/, "subscribe.error.countryInvalid")
    .optional(),
  topics: z
    .array(z.string().regex(TOPIC, "subscribe.error.topicsInvalid"))
    .min(1, "subscribe.error.topicsRequired")
    .max(50, "subscribe.error.topicsInvalid"),
});

export type SubscribeFormValues = {
  email?: string;
  name?: string;
  locale?: string;
  country?: string;
  topics?: string[];
  /** The page the form was posted from (a box on another page keeps its origin through errors). */
  source?: string;
};

/** Field errors, and `form` for one about the whole form (it was open too long). */
export type SubscribeFormErrors = Partial<
  Record<"email" | "name" | "locale" | "country" | "topics" | "form", MessageKey>
>;
