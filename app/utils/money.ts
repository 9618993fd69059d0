// Money as Stripe counts it: integers in each currency's minor unit. KRW and JPY have none
// (₩10,000 is 10000, ¥3,000 is 3000); USD, EUR and GBP have cents (USD 25 is 2500). Every amount
// in the database, in Stripe requests and in totals is such an integer, per currency; nothing
// here converts between currencies except to choose safe minimums (see minimumFor).
import type { Locale } from "~/i18n/locales";
import { typedText } from "~/utils/typed-text";

export const CURRENCIES = ["USD", "KRW", "JPY", "EUR", "GBP"] as const;
export type CurrencyCode = (typeof CURRENCIES)[number];

export function isCurrency(value: unknown): value is CurrencyCode {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}

export function minorUnitDigits(currency: CurrencyCode): 0 | 2 {
  return currency === "KRW" || currency === "JPY" ? 0 : 2;
}

const PER_MAJOR = { 0: 1, 2: 100 } as const;

/** Minor units in one major unit: 1 for KRW and JPY, 100 otherwise. */
export function minorPerMajor(currency: CurrencyCode): number {
  return PER_MAJOR[minorUnitDigits(currency)];
}

/** The preset amounts offered, in minor units: gifts donors commonly choose in each currency. */
export const PRESETS: Record<CurrencyCode, number[]> = {
  USD: [1_000, 2_500, 5_000, 10_000],
  EUR: [1_000, 2_500, 5_000, 10_000],
  GBP: [1_000, 2_500, 5_000, 10_000],
  JPY: [1_000, 3_000, 5_000, 10_000],
  KRW: [10_000, 30_000, 50_000, 100_000],
};

export function defaultCurrency(locale: Locale): CurrencyCode {
  if (locale === "ko") return "KRW";
  if (locale === "ja") return "JPY";
  return "USD";
}

/** Stripe's minimum charge in each currency, in minor units (its "minimum and maximum charge amounts"). */
const STRIPE_MINIMUM: Record<CurrencyCode, number> = { USD: 50, EUR: 50, GBP: 30, JPY: 50, KRW: 50 };

/**
 * The value of one major unit in US dollars, as a range wide enough for years of exchange-rate
 * swings. A gift in one currency must still clear the settlement currency's minimum after Stripe
 * converts it, at a rate we cannot know in advance: the minimum assumes the worst end of both ranges.
 */
const USD_VALUE_RANGE: Record<CurrencyCode, { low: number; high: number }> = {
  USD: { low: 1, high: 1 },
  EUR: { low: 0.9, high: 1.3 },
  GBP: { low: 1.1, high: 1.5 },
  JPY: { low: 0.005, high: 0.01 },
  KRW: { low: 0.0005, high: 0.001 },
};

/** The largest single gift accepted, in minor units: above it the form asks the donor to write to us. */
const MAXIMUM: Record<CurrencyCode, number> = {
  USD: 1_000_000,
  EUR: 1_000_000,
  GBP: 1_000_000,
  JPY: 1_500_000,
  KRW: 15_000_000,
};

/** Rounds up to a figure a donor would type: 1, 2 or 5 times a power of ten. */
function roundUpToNiceFigure(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/**
 * The smallest gift in `currency` for an account settling in `settlement`, in minor units: at
 * least Stripe's minimum in that currency, and at least the settlement currency's minimum at the
 * worst plausible exchange rate (a ₩ gift to a US-dollar account must clear USD 0.50).
 */
export function minimumFor(currency: CurrencyCode, settlement: CurrencyCode): number {
  const own = STRIPE_MINIMUM[currency];
  if (currency === settlement) return own;
  const settlementMajor = STRIPE_MINIMUM[settlement] / minorPerMajor(settlement);
  const worstUsd = settlementMajor * USD_VALUE_RANGE[settlement].high;
  const major = worstUsd / USD_VALUE_RANGE[currency].low;
  const minor = Math.ceil(major * minorPerMajor(currency));
  return Math.max(own, roundUpToNiceFigure(minor));
}

export function donationLimits(
  currency: CurrencyCode,
  settlement: CurrencyCode,
): { min: number; max: number } {
  return { min: minimumFor(currency, settlement), max: MAXIMUM[currency] };
}

/**
 * An amount typed in major units ("25", "25.50", "10,000", full-width "１０，０００") as minor
 * units, or null when it is not a plain positive amount with at most the currency's decimals.
 */
export function parseMajorAmount(text: string, currency: CurrencyCode): number | null {
  const plain = typedText(text).replace(/[,\s]/g, "");
  const digits = minorUnitDigits(currency);
  const pattern = digits === 0 ? /^\d{1,12}$/ : /^\d{1,12}(\.\d{1,2})?$/;
  if (!pattern.test(plain)) return null;
  const [whole, fraction = ""] = plain.split(".");
  const minor = Number(whole) * minorPerMajor(currency) + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** The amount as a donor would type it: "25", "25.5" → "25.50", "10000". */
export function majorAmountText(minor: number, currency: CurrencyCode): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const whole = Math.floor(minor / 100);
  const cents = minor % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, "0")}`;
}

/** The amount for display in a reader's language: "$25", "₩10,000", "¥3,000", "25,00 €". */
export function formatMoney(minor: number, currency: CurrencyCode, locale: Locale): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: minor % minorPerMajor(currency) === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minor / minorPerMajor(currency));
}

/**
 * An amount in any currency Stripe takes, as its hosted pages write it (₩10,000, ¥3,000, $25.00:
 * every minor digit shown), for the simulated checkout and portal. Stripe sends the currency in
 * lower case; Intl knows each currency's minor unit.
 */
export function formatStripeAmount(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
