// The sign-in, enrolment and account forms' schemas. A server module: only the actions use them,
// so the pages' browser code does not load zod.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "~/utils/staff-password-rules";
import { typedCode, typedEmail, typedLine } from "~/utils/typed-text";

// Cut long, not refused long: a password over the limit gets its own message (passwordProblem).
const password = z.string().max(4 * PASSWORD_MAX_LENGTH);

export const SignInSchema = z.object({
  email: z.string().overwrite(typedEmail).max(320),
  password: z.string().max(1024),
});
// A code typed on a Japanese or Korean keyboard may arrive in full-width digits (１２３４５６).
export const SecondFactorCodeSchema = z.object({ code: z.string().overwrite(typedCode).min(1).max(40) });
export const EnrolPasswordSchema = z.object({
  name: z.string().overwrite(typedLine).max(100).optional(),
  password,
  confirm: password,
});
export const NewPasswordSchema = z.object({ password, confirm: password });
export const TotpConfirmSchema = z.object({
  sealed: z.string().min(1).max(500),
  code: z.string().overwrite(typedCode).max(20),
});
export const NewEmailSchema = z.object({
  email: z.string().overwrite(typedEmail).toLowerCase().max(320).pipe(z.email()),
});
export const PasskeyIdSchema = z.object({ id: z.string().min(1).max(1024) });
