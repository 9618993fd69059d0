// Korean donation receipts: the resident registration number is checked for form and birth date
// (no check digit: numbers since October 2020 have none), and sealed so that only the right key,
// for the right row, opens it.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { donorKeyId, openDonorData, sealDonorData } from "~/utils/donor-data-seal.server";
import { normalizeRrn, validateKoreanReceipt } from "~/utils/korean-receipt-form";

const KEY = randomBytes(32).toString("base64");

describe("resident registration numbers", () => {
  it.each([
    ["900101-1234567", "900101-1234567"],
    ["9001011234567", "900101-1234567"],
    // Full-width digits and hyphen, as a Korean or Japanese keyboard may type them.
    ["０４０２２９－３１２３４５６", "040229-3123456"],
  ])("reads %s", (typed, expected) => {
    expect(normalizeRrn(typed)).toBe(expected);
  });

  it("accepts a leap day, a foreign resident's number and refuses impossible dates, digits and lengths", () => {
    expect(normalizeRrn("040229-3123456")).toBe("040229-3123456");
    expect(normalizeRrn("850315-5123456")).toBe("850315-5123456");
    expect(normalizeRrn("050229-4123456")).toBeNull();
    expect(normalizeRrn("901301-1234567")).toBeNull();
    expect(normalizeRrn("900132-1234567")).toBeNull();
    expect(normalizeRrn("900101-1234")).toBeNull();
    expect(normalizeRrn("abcdef-1234567")).toBeNull();
    // Born in the future.
    expect(normalizeRrn("990101-3123456")).toBeNull();
  });

  it("asks for a receipt only in won, with a legal name and an address", () => {
    expect(validateKoreanReceipt({}, "KRW")).toEqual({ requested: false });
    const good = validateKoreanReceipt(
      {
        krReceipt: "on",
        krLegalName: "김민준",
        krRrn: "9001011234567",
        krAddress: "서울특별시 중구 세종대로 1",
      },
      "KRW",
    );
    expect(good).toEqual({
      requested: true,
      ok: true,
      details: { legalName: "김민준", rrn: "900101-1234567", address: "서울특별시 중구 세종대로 1" },
    });
    expect(validateKoreanReceipt({ krReceipt: "on", krRrn: "1" }, "USD")).toEqual({
      requested: true,
      ok: false,
      errors: {
        krReceipt: { key: "donate.error.krReceiptNeedsKrw" },
        krLegalName: { key: "donate.error.krLegalNameInvalid" },
        krRrn: { key: "donate.error.krRrnInvalid" },
        krAddress: { key: "donate.error.krAddressInvalid" },
      },
    });
  });
});

describe("sealing with DONOR_DATA_KEY", () => {
  it("opens with the same key for the same row, and for nothing else", () => {
    const sealed = sealDonorData(KEY, "900101-1234567", "donation-1");
    expect(Buffer.from(sealed).toString("utf8")).not.toContain("900101");
    expect(openDonorData(KEY, sealed, "donation-1")).toBe("900101-1234567");
    expect(() => openDonorData(KEY, sealed, "donation-2")).toThrow();
    expect(() => openDonorData(randomBytes(32).toString("base64"), sealed, "donation-1")).toThrow();
    const flipped = Uint8Array.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => openDonorData(KEY, flipped, "donation-1")).toThrow();
  });

  it("never seals the same text to the same bytes, and names its key without revealing it", () => {
    const a = sealDonorData(KEY, "same", "row");
    const b = sealDonorData(KEY, "same", "row");
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(donorKeyId(KEY)).toBe(donorKeyId(KEY));
    expect(donorKeyId(KEY)).not.toBe(donorKeyId(randomBytes(32).toString("base64")));
    expect(KEY).not.toContain(donorKeyId(KEY));
  });
});
