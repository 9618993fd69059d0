import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/hooks";
import type { SignFormErrors, SignFormValues } from "~/utils/sign-form";

type Props = {
  countries: { iso3: string; name: string }[];
  formShown: string;
  values?: SignFormValues;
  errors?: SignFormErrors;
  /** At-risk campaigns show no names, so there is nothing to choose: the form says so instead. */
  namesShown?: boolean;
};

const DISPLAY_OPTIONS = [
  ["full_name", "sign.displayFull"],
  ["initials", "sign.displayInitials"],
  ["anonymous", "sign.displayAnonymous"],
] as const;

/**
 * The petition form: works without JavaScript, keeps what was typed, explains each error. Under
 * abnormal load signing needs a proof of work, solved by app/client/sign-form.ts, the one script
 * the pages with this form load (their route handle asks for it).
 */
export function SignForm({ countries, formShown, values = {}, errors = {}, namesShown = true }: Props) {
  const { t } = useTranslation();
  const invalid = (field: Exclude<keyof SignFormErrors, "form">) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {};
  const errorText = (field: keyof SignFormErrors) =>
    errors[field] ? (
      <p id={`${field}-error`} className="field-error">
        {t(errors[field]!)}
      </p>
    ) : null;
  const display = values.display ?? "initials";
  // A plain form post even with JavaScript on: signing is a navigation (to the check-your-inbox
  // page), and plain posts take the sign fast path (app/server/sign-fast-path.server.ts).
  return (
    <Form method="post" reloadDocument className="sign-form" noValidate>
      <h2 id="sign-heading">{t("sign.heading")}</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t(errors.form ?? "sign.errorSummary")}
        </p>
      ) : null}
      <input type="hidden" name="shown" value={formShown} />
      <div className="field">
        <label htmlFor="sign-name">{t("sign.name")}</label>
        <input
          id="sign-name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={200}
          defaultValue={values.name}
          {...invalid("name")}
        />
        {errorText("name")}
      </div>
      <div className="field">
        <label htmlFor="sign-email">{t("sign.email")}</label>
        <input
          id="sign-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          defaultValue={values.email}
          aria-describedby={errors.email ? "email-error email-hint" : "email-hint"}
          aria-invalid={errors.email ? true : undefined}
        />
        <p id="email-hint" className="hint">
          {t("sign.emailHint")}
        </p>
        {errorText("email")}
      </div>
      <div className="field">
        <label htmlFor="sign-country">{t("sign.country")}</label>
        <select
          id="sign-country"
          name="country"
          autoComplete="country"
          defaultValue={values.country ?? ""}
          {...invalid("country")}
        >
          <option value="" disabled>
            {t("sign.countryPlaceholder")}
          </option>
          {countries.map((country) => (
            <option key={country.iso3} value={country.iso3}>
              {country.name}
            </option>
          ))}
          <option value="OTHER">{t("sign.countryOther")}</option>
        </select>
        {errorText("country")}
      </div>
      <div className="field">
        <label htmlFor="sign-postcode">{t("sign.postcode")}</label>
        <input
          id="sign-postcode"
          name="postcode"
          type="text"
          autoComplete="postal-code"
          maxLength={32}
          defaultValue={values.postcode}
          {...invalid("postcode")}
        />
        {errorText("postcode")}
      </div>
      <div className="field">
        <input
          id="sign-from-dprk"
          name="fromDprk"
          type="checkbox"
          defaultChecked={values.fromDprk === "on"}
          aria-describedby="from-dprk-hint"
        />
        <label htmlFor="sign-from-dprk">{t("sign.fromDprk")}</label>
        <p id="from-dprk-hint" className="hint">
          {t("sign.fromDprkHint")}
        </p>
      </div>
      {namesShown ? (
        <fieldset className="field" {...invalid("display")}>
          <legend>{t("sign.display")}</legend>
          {DISPLAY_OPTIONS.map(([value, label]) => (
            <div key={value}>
              <input
                id={`sign-display-${value}`}
                type="radio"
                name="display"
                value={value}
                defaultChecked={display === value}
              />
              <label htmlFor={`sign-display-${value}`}>{t(label)}</label>
            </div>
          ))}
          {errorText("display")}
        </fieldset>
      ) : (
        <div className="field">
          <input type="hidden" name="display" value="anonymous" />
          <p className="hint">{t("sign.namesNeverShown")}</p>
        </div>
      )}
      <div className="field">
        <input id="sign-updates" name="updates" type="checkbox" defaultChecked={values.updates === "on"} />
        <label htmlFor="sign-updates">{t("sign.updates")}</label>
      </div>
      {/* Invisible to people (and to screen readers); bots that fill every field reveal themselves. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="sign-website">{t("sign.honeypot")}</label>
        <input id="sign-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="button">
        {t("sign.submit")}
      </button>
    </Form>
  );
}
