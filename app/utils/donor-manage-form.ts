import { z } from "zod";
import type { MessageKey } from "~/i18n/translate";
import { typedEmail } from "~/utils/typed-text";

// The form that asks for a monthly donor's address before we mail them a link to Stripe's portal
// (app/routes/($lang).donate_.manage.tsx, app/models/donor-manage.server.ts). Messages are
// catalogue keys, so errors reach the reader in their language.

export const DonorManageFormSchema = z.object({
  email: z
    .string()
    .overwrite(typedEmail)
    .max(254, "donateManage.error.emailInvalid")
    .pipe(z.email("donateManage.error.emailInvalid")),
});

export type DonorManageFormValues = { email?: string };
/** A field error, and `form` for one about the whole form (it was open too long). */
export type DonorManageFormErrors = Partial<Record<"email" | "form", MessageKey>>;
