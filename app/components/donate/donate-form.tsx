import { Form, Link } from "@remix-run/react";
import { SubscribeBotFields } from "~/components/subscribe-form";
import { AmountField } from "~/components/donate/amount-field";
import {
  FIELDS_WITH_OWN_ERROR,
  FieldError,
  invalidProps,
  useErrorText,
  type DonateErrors,
} from "~/components/donate/field-error";
import { KoreanReceiptFields } from "~/components/donate/korean-receipt-fields";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { DonationRedisplay } from "~/models/donation.server";
import type { CurrencyCode } from "~/utils/money";

type Props = {
  currencies: readonly CurrencyCode[];
  /** Each currency's preset amounts, in its minor unit. */
  presets: Record<CurrencyCode, readonly number[]>;
  /** The page language's currency (ko → KRW, ja → JPY, else USD): the same for every reader. */
  defaultCurrency: CurrencyCode;
  formShown: string;
  campaignSlug: string | null;
  /** Offer the Korean donation receipt (the organisation can seal the numbers it needs). */
  koreanReceipts: boolean;
  values?: DonationRedisplay;
  errors?: DonateErrors;
};

/**
 * The donation form, on /donate and on a campaign's donate page. It works without JavaScript:
 * every currency's presets are in the page and CSS shows the chosen currency's (app/styles/
 * donate.css); the optional script (app/client/donate-form.ts) keeps the choice in step when the
 * currency changes, and under abnormal load adds a solved proof of work (docs/decisions/0013). What was typed comes back with the errors, whatever the reader changed.
 */
export function DonateForm({
  currencies,
  presets,
  defaultCurrency,
  formShown,
  campaignSlug,
  koreanReceipts,
  values = {},
  errors = {},
}: Props) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  const currency = currencies.find((code) => code === values.currency) ?? defaultCurrency;
  const frequency = values.frequency === "monthly" ? "monthly" : "once";
  const errorText = useErrorText();
  // An error no field shows (the form was open too long, the provider did not answer) is the
  // heading message itself; otherwise the heading points at the fields.
  const formError = Object.entries(errors).find(([field]) => !FIELDS_WITH_OWN_ERROR.includes(field))?.[1];
  const anyError = Object.keys(errors).length > 0;
  return (
    <Form method="post" reloadDocument className="sign-form donate-form" noValidate>
      {anyError ? (
        <p className="form-error" role="alert">
          {formError ? errorText(formError) : t("donate.errorSummary")}
        </p>
      ) : null}
      <input type="hidden" name="campaign" value={campaignSlug ?? ""} />
      <fieldset className="field" {...invalidProps(errors, "frequency")}>
        <legend>{t("donate.frequency")}</legend>
        {(["once", "monthly"] as const).map((option) => (
          <div key={option}>
            <input
              id={`donate-frequency-${option}`}
              type="radio"
              name="frequency"
              value={option}
              defaultChecked={frequency === option}
            />
            <label htmlFor={`donate-frequency-${option}`}>{t(`donate.frequency.${option}`)}</label>
          </div>
        ))}
        <FieldError errors={errors} field="frequency" />
      </fieldset>
      <div className="field">
        <label htmlFor="donate-currency">{t("donate.currency")}</label>
        <select
          id="donate-currency"
          name="currency"
          defaultValue={currency}
          {...invalidProps(errors, "currency")}
        >
          {currencies.map((code) => (
            <option key={code} value={code}>
              {t(`donate.currency.${code}`)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="currency" />
      </div>
      <AmountField
        currencies={currencies}
        presets={presets}
        currency={currency}
        values={values}
        errors={errors}
      />
      <div className="field">
        <label htmlFor="donate-email">{t("donate.email")}</label>
        <input
          id="donate-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          maxLength={254}
          defaultValue={values.email}
          {...invalidProps(errors, "email", "donate-email-hint")}
        />
        <p id="donate-email-hint" className="hint">
          {t("donate.emailHint")}
        </p>
        <FieldError errors={errors} field="email" />
      </div>
      <div className="field">
        <label htmlFor="donate-name">{t("donate.name")}</label>
        <input
          id="donate-name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={100}
          defaultValue={values.name}
          {...invalidProps(errors, "name")}
        />
        <FieldError errors={errors} field="name" />
      </div>
      <div className="field">
        <input
          id="donate-show-name"
          type="checkbox"
          name="showName"
          defaultChecked={values.showName === "on"}
          aria-describedby="donate-show-name-hint"
        />
        <label htmlFor="donate-show-name">{t("donate.showName")}</label>
        <p id="donate-show-name-hint" className="hint">
          {t("donate.showNameHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor="donate-message">{t("donate.message")}</label>
        <textarea
          id="donate-message"
          name="message"
          rows={3}
          maxLength={500}
          defaultValue={values.message}
          {...invalidProps(errors, "message", "donate-message-hint")}
        />
        <p id="donate-message-hint" className="hint">
          {t("donate.messageHint")}
        </p>
        <FieldError errors={errors} field="message" />
      </div>
      {koreanReceipts ? <KoreanReceiptFields values={values} errors={errors} /> : null}
      <SubscribeBotFields formShown={formShown} idPrefix="donate" />
      <p className="hint">
        {t("donate.consent")} <Link to={localized("/privacy")}>{t("donate.privacyLink")}</Link>
      </p>
      <button type="submit" className="button">
        {t("donate.submit")}
      </button>
    </Form>
  );
}
