// The donate form's fields and their rules, shared by the form (names, limits shown) and the
// action (validation). Amounts are typed in major units and checked in minor units against the
// currency's limits; nothing about a gift reaches Stripe until every field here is valid.
import { z } from "zod";
import { canonicalEmail } from "~/utils/email-address";
import { CURRENCIES, donationLimits, parseMajorAmount, type CurrencyCode } from "~/utils/money";
import { typedEmail, typedLine, typedText } from "~/utils/typed-text";

export const DONATION_FIELDS = [
  "amount",
  "customAmount",
  "currency",
  "frequency",
  "email",
  "name",
  "showName",
  "message",
] as const;
export type DonationField = (typeof DONATION_FIELDS)[number];

export const CUSTOM_AMOUNT = "custom";
export const NAME_MAX = 100;
export const MESSAGE_MAX = 500;

/** What was typed, kept to show the form again. */
export type DonationFormValues = Partial<Record<DonationField | "campaign", string>>;

export type DonationFieldError = {
  key: string;
  params?: { min?: number; max?: number; currency?: CurrencyCode };
};

export type ValidDonation = {
  amount: number;
  currency: CurrencyCode;
  frequency: "once" | "monthly";
  email: string;
  name: string | null;
  showName: boolean;
  message: string | null;
};

const Raw = z.object({
  amount: z.string().max(40).default(""),
  customAmount: z.string().max(40).default(""),
  currency: z.string().max(8).default(""),
  frequency: z.string().max(16).default(""),
  email: z.string().max(400).default(""),
  name: z.string().max(400).default(""),
  showName: z.string().max(8).optional(),
  message: z.string().max(4_000).default(""),
  campaign: z.string().max(200).default(""),
});

/** Only the named fields, each as the last string sent (a file or a repeated field is ignored). */
export function donationFormValues(form: FormData): DonationFormValues {
  const values: DonationFormValues = {};
  for (const field of [...DONATION_FIELDS, "campaign"] as const) {
    const value = form.get(field);
    if (typeof value === "string") values[field] = value;
  }
  return values;
}

const Email = z.email().max(254);

/**
 * The gift the form describes, or an error per field. `settlement` is the Stripe account's
 * currency: every gift must clear its minimum too.
 */
export function validateDonation(
  values: DonationFormValues,
  settlement: CurrencyCode,
):
  | { ok: true; gift: ValidDonation }
  | { ok: false; errors: Partial<Record<DonationField, DonationFieldError>> } {
  const raw = Raw.parse(values);
  const errors: Partial<Record<DonationField, DonationFieldError>> = {};
  const currency = (CURRENCIES as readonly string[]).includes(raw.currency)
    ? (raw.currency as CurrencyCode)
    : null;
  if (!currency) errors.currency = { key: "donate.error.currencyInvalid" };
  const frequency = raw.frequency === "once" || raw.frequency === "monthly" ? raw.frequency : null;
  if (!frequency) errors.frequency = { key: "donate.error.frequencyInvalid" };

  let amount: number | null = null;
  if (currency) {
    const typed = raw.amount === CUSTOM_AMOUNT || raw.amount === "" ? raw.customAmount : raw.amount;
    const field: DonationField =
      raw.amount === CUSTOM_AMOUNT || raw.amount === "" ? "customAmount" : "amount";
    amount = parseMajorAmount(typed, currency);
    const limits = donationLimits(currency, settlement);
    if (amount === null) errors[field] = { key: "donate.error.amountInvalid" };
    else if (amount < limits.min) {
      errors[field] = { key: "donate.error.amountBelowMinimum", params: { min: limits.min, currency } };
    } else if (amount > limits.max) {
      errors[field] = { key: "donate.error.amountAboveMaximum", params: { max: limits.max, currency } };
    }
  }

  const email = typedEmail(raw.email);
  if (!Email.safeParse(email).success) errors.email = { key: "donate.error.emailInvalid" };
  const name = typedLine(raw.name);
  if (name.length > NAME_MAX) errors.name = { key: "donate.error.nameTooLong" };
  const message = typedText(raw.message);
  if (message.length > MESSAGE_MAX) errors.message = { key: "donate.error.messageTooLong" };

  if (Object.keys(errors).length > 0 || !currency || !frequency || amount === null)
    return { ok: false, errors };
  return {
    ok: true,
    gift: {
      amount,
      currency,
      frequency,
      email: canonicalEmail(email),
      name: name || null,
      showName: raw.showName === "on" && name !== "",
      message: message || null,
    },
  };
}
