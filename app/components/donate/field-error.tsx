import { useTranslation } from "~/i18n/hooks";
import type { MessageKey } from "~/i18n/translate";
import type { DonationFieldError } from "~/utils/donation-form";
import { formatMoney, isCurrency } from "~/utils/money";

/** An error the donation model returns: a catalogue key, and for a limit the amount in minor units. */
export type DonateError = DonationFieldError;
export type DonateErrors = Partial<Record<string, DonateError>>;

/** Fields the form shows an error beside; any other field's error (form token, …) heads the form. */
export const FIELDS_WITH_OWN_ERROR = [
  "amount",
  "customAmount",
  "currency",
  "frequency",
  "email",
  "name",
  "message",
  "krReceipt",
  "krLegalName",
  "krRrn",
  "krAddress",
];

export const errorId = (field: string) => `donate-${field}-error`;

/** aria-invalid and aria-describedby for a field with an error (and its hint, if it has one). */
export function invalidProps(errors: DonateErrors, field: string, hintId?: string) {
  const described = [errors[field] ? errorId(field) : null, hintId].filter(Boolean).join(" ");
  return {
    ...(errors[field] ? { "aria-invalid": true as const } : {}),
    ...(described ? { "aria-describedby": described } : {}),
  };
}

/**
 * The catalogue's text for an error (the model's keys; tests/integration/donate-pages.test.ts
 * checks they are translated), a limit written as money in the reader's language: "₩1,000".
 */
export function useErrorText() {
  const { t, locale } = useTranslation();
  return ({ key, params = {} }: DonateError) => {
    const { min, max, currency } = params;
    const money = (minor: number | undefined) =>
      minor === undefined ? "" : isCurrency(currency) ? formatMoney(minor, currency, locale) : String(minor);
    return t(key as MessageKey, { min: money(min), max: money(max) });
  };
}

export function FieldError({ errors, field }: { errors: DonateErrors; field: string }) {
  const text = useErrorText();
  const error = errors[field];
  return error ? (
    <p id={errorId(field)} className="field-error">
      {text(error)}
    </p>
  ) : null;
}
