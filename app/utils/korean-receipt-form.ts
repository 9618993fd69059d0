// The donate form's optional request for a Korean donation receipt (기부금 영수증): the donor's
// legal name, resident registration number and address, which the receipt must show. Asked for
// only when the donor ticks the box (Korean law allows collecting the number only then).
import type { DonationFieldError } from "~/utils/donation-form";
import { typedCode, typedLine } from "~/utils/typed-text";

export const KOREAN_RECEIPT_FIELDS = ["krReceipt", "krLegalName", "krRrn", "krAddress"] as const;
export type KoreanReceiptField = (typeof KOREAN_RECEIPT_FIELDS)[number];

export type KoreanReceiptDetails = { legalName: string; rrn: string; address: string };

const LEGAL_NAME_MAX = 100;
const ADDRESS_MAX = 300;

// The 7th digit gives the century of birth (and sex; 5–8 for foreign residents).
const CENTURY: Record<string, number> = {
  "9": 1800,
  "0": 1800,
  "1": 1900,
  "2": 1900,
  "5": 1900,
  "6": 1900,
  "3": 2000,
  "4": 2000,
  "7": 2000,
  "8": 2000,
};

/**
 * A resident registration number as YYMMDD-NNNNNNN, or null. Only the form and the birth date are
 * checked: numbers issued since October 2020 carry no check digit, so none is verified.
 */
export function normalizeRrn(typed: string): string | null {
  const plain = typedCode(typed).replace(/[\s-]/g, "");
  const match = /^(\d{2})(\d{2})(\d{2})(\d{7})$/.exec(plain);
  if (!match) return null;
  const [, yy, mm, dd, rest] = match as unknown as [string, string, string, string, string];
  const century = CENTURY[rest[0]!];
  if (century === undefined) return null;
  const year = century + Number(yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd) || date > new Date())
    return null;
  return `${yy}${mm}${dd}-${rest}`;
}

/** The receipt request in a posted form: none (box not ticked), the details, or errors per field. */
export function validateKoreanReceipt(
  values: Partial<Record<KoreanReceiptField, string>>,
  currency: string | undefined,
):
  | { requested: false }
  | { requested: true; ok: true; details: KoreanReceiptDetails }
  | { requested: true; ok: false; errors: Partial<Record<KoreanReceiptField, DonationFieldError>> } {
  if (values.krReceipt !== "on") return { requested: false };
  const errors: Partial<Record<KoreanReceiptField, DonationFieldError>> = {};
  if (currency !== "KRW") errors.krReceipt = { key: "donate.error.krReceiptNeedsKrw" };
  const legalName = typedLine(values.krLegalName ?? "");
  if (!legalName || legalName.length > LEGAL_NAME_MAX)
    errors.krLegalName = { key: "donate.error.krLegalNameInvalid" };
  const rrn = normalizeRrn(values.krRrn ?? "");
  if (!rrn) errors.krRrn = { key: "donate.error.krRrnInvalid" };
  const address = typedLine(values.krAddress ?? "");
  if (!address || address.length > ADDRESS_MAX) errors.krAddress = { key: "donate.error.krAddressInvalid" };
  if (Object.keys(errors).length > 0 || !rrn) return { requested: true, ok: false, errors };
  return { requested: true, ok: true, details: { legalName, rrn, address } };
}
