// Stripe's zero-decimal currencies: amounts are whole units (¥3,000 is 3000, ₩10,000 is 10000).
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

// Stripe's minimum charge amounts, in the currency's minor unit (USD 0.50 is 50, ¥50 is 50).
const MINIMUM_AMOUNTS: Record<string, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, krw: 50 };

/** The currencies this stand-in takes: the ones Rollcall offers, and a few for tests of the rules. */
export const SUPPORTED_CURRENCIES = ["usd", "eur", "gbp", "jpy", "krw"] as const;

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency);
}

export function minimumAmount(currency: string): number {
  return MINIMUM_AMOUNTS[currency] ?? 50;
}

/** `$0.50 usd`, `¥50 jpy`: how Stripe's error messages name an amount. */
export function describeAmount(amount: number, currency: string): string {
  const fractionDigits = isZeroDecimal(currency) ? 0 : 2;
  const major = fractionDigits === 0 ? amount : amount / 100;
  const formatted = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(major);
  return `${formatted} ${currency}`;
}
