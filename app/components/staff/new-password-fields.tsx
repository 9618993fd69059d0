import { useStaffTranslation } from "~/i18n/staff-hooks";
import {
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEMS,
  type PasswordProblemKey,
} from "~/utils/staff-password-rules";

export function isPasswordProblem(value: string): value is PasswordProblemKey {
  return (PASSWORD_PROBLEMS as readonly string[]).includes(value);
}

/** What is wrong with a chosen password, in the reader's language (enrolment and the account page). */
export function usePasswordProblemText(): (problem: PasswordProblemKey) => string {
  const { t } = useStaffTranslation();
  return (problem) => t(`staff.auth.password.${problem}`, { min: PASSWORD_MIN_LENGTH });
}

/**
 * A new password typed twice, with the rules beside it, and the account's address in a hidden
 * username field so password managers file the new password under the right account.
 */
export function NewPasswordFields({
  email,
  idPrefix,
  invalid = false,
}: {
  email: string;
  idPrefix: string;
  invalid?: boolean;
}) {
  const { t } = useStaffTranslation();
  const password = `${idPrefix}password`;
  return (
    <>
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <label htmlFor={password}>{t("staff.auth.field.newPassword")}</label>
      <input
        id={password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        aria-describedby={`${password}-rules`}
        aria-invalid={invalid ? true : undefined}
      />
      <p id={`${password}-rules`} className="staff-note">
        {t("staff.auth.password.rules", { min: PASSWORD_MIN_LENGTH })}
      </p>
      <label htmlFor={`${idPrefix}confirm`}>{t("staff.auth.field.confirmPassword")}</label>
      <input id={`${idPrefix}confirm`} name="confirm" type="password" autoComplete="new-password" required />
    </>
  );
}
