import { useTranslation } from "~/i18n/hooks";
import type { MessageKey } from "~/i18n/translate";

/** An error the donation model returns: a catalogue key and what to put in it. */
export type DonateError = { key: string; params?: Record<string, string> };
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

/** The catalogue's text for an error (keys come from the model, checked by the catalogue tests). */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: DonateError) => t(error.key as MessageKey, error.params);
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
