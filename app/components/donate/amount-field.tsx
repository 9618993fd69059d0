import type { DonateErrors } from "~/components/donate/field-error";
import { FieldError, invalidProps } from "~/components/donate/field-error";
import { useTranslation } from "~/i18n/hooks";
import type { DonationRedisplay } from "~/models/donation.server";
import { formatMoney, majorAmountText, type CurrencyCode } from "~/utils/money";

type Props = {
  currencies: readonly CurrencyCode[];
  presets: Record<CurrencyCode, readonly number[]>;
  /** The currency selected above. */
  currency: CurrencyCode;
  values: DonationRedisplay;
  errors: DonateErrors;
};

/**
 * The amount: each currency's presets as one group of radio buttons, all named `amount` with the
 * number in major units ("25", "10000") that the action reads in the chosen currency, then
 * "another amount" and its box. Every group is in the page, so the chosen currency's presets show
 * without JavaScript (CSS, app/styles/donate.css); each label names its currency, so a browser
 * that shows them all still says what each one is.
 */
export function AmountField({ currencies, presets, currency, values, errors }: Props) {
  const { t, locale } = useTranslation();
  // What the reader chose last time, kept only if it still means the same amount.
  const chosen = values.currency === currency ? values.amount : undefined;
  return (
    <fieldset className="field donate-amount" {...invalidProps(errors, "amount")}>
      <legend>{t("donate.amount")}</legend>
      {currencies.map((code) => (
        <div key={code} className={`donate-presets donate-presets--${code}`} data-currency={code}>
          {presets[code].map((minor, index) => {
            const id = `donate-amount-${code}-${index}`;
            const value = majorAmountText(minor, code);
            return (
              <span key={minor} className="donate-preset">
                <input
                  id={id}
                  type="radio"
                  name="amount"
                  value={value}
                  defaultChecked={code === currency && chosen === value}
                />
                <label htmlFor={id}>{formatMoney(minor, code, locale)}</label>
              </span>
            );
          })}
        </div>
      ))}
      <div>
        <input
          id="donate-amount-custom"
          type="radio"
          name="amount"
          value="custom"
          defaultChecked={values.amount === "custom"}
        />
        <label htmlFor="donate-amount-custom">{t("donate.amountCustom")}</label>
      </div>
      <FieldError errors={errors} field="amount" />
      <div className="donate-custom">
        <label htmlFor="donate-custom-amount">{t("donate.customAmount")}</label>
        <input
          id="donate-custom-amount"
          name="customAmount"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          maxLength={20}
          defaultValue={values.customAmount}
          {...invalidProps(errors, "customAmount", "donate-custom-amount-hint")}
        />
        <p id="donate-custom-amount-hint" className="hint">
          {t("donate.customAmountHint")}
        </p>
        <FieldError errors={errors} field="customAmount" />
      </div>
    </fieldset>
  );
}
