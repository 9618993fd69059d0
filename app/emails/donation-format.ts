// Amounts, dates and months the way a donor's receipt writes them in the reader's language: used
// by the donors' emails and by the pages that name a gift (app/models/donor-manage.server.ts).
import type { Locale } from "~/i18n/locales";
import { minorPerMajor, minorUnitDigits, type CurrencyCode } from "~/utils/money";

export type DonationCurrency = CurrencyCode;

/**
 * An amount for a receipt: always with the currency's own decimals ("$25.00", "₩10,000", "￥3,000"),
 * since a receipt states exactly what was paid.
 */
export function formatDonationAmount(minor: number, currency: DonationCurrency, locale: Locale): string {
  // Unlike formatMoney (app/utils/money.ts), "$25.00" rather than "$25".
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / minorPerMajor(currency));
}

// The organisation is in Seoul and issues its receipts on its own calendar: a gift made late on
// the 31st in New York belongs to the 1st there, and to the month that starts then.
const RECEIPT_TIME_ZONE = "Asia/Seoul";

export function formatDonationDate(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: RECEIPT_TIME_ZONE,
  }).format(at);
}

/** The month a monthly charge is for: "November 2026", "2026년 11월", "2026年11月". */
export function formatDonationMonth(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    timeZone: RECEIPT_TIME_ZONE,
  }).format(at);
}
