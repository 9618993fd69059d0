// Money in minor units per currency: KRW and JPY have none, the others cents. The limits must
// clear Stripe's minimums in the gift's currency and in the account's settlement currency.
import { describe, expect, it } from "vitest";
import { validateDonation } from "~/utils/donation-form";
import {
  CURRENCIES,
  defaultCurrency,
  donationLimits,
  formatMoney,
  majorAmountText,
  minimumFor,
  parseMajorAmount,
} from "~/utils/money";

describe("amounts typed in major units", () => {
  it.each([
    ["USD", "25", 2_500],
    ["USD", "25.5", 2_550],
    ["EUR", "0.50", 50],
    ["GBP", "1,000", 100_000],
    ["KRW", "10000", 10_000],
    ["KRW", "10,000", 10_000],
    ["JPY", "3000", 3_000],
    ["JPY", "３，０００", 3_000],
  ] as const)("%s %s is %d minor units", (currency, typed, minor) => {
    expect(parseMajorAmount(typed, currency)).toBe(minor);
  });

  it.each([
    ["KRW", "10000.5"],
    ["JPY", "3000.00"],
    ["USD", "25.505"],
    ["USD", "-5"],
    ["USD", "1e3"],
    ["USD", "0"],
    ["USD", ""],
    ["USD", "9999999999999"],
  ] as const)("%s %j is refused", (currency, typed) => {
    expect(parseMajorAmount(typed, currency)).toBeNull();
  });

  it("writes an amount back as a donor would type it", () => {
    expect(majorAmountText(2_500, "USD")).toBe("25");
    expect(majorAmountText(2_550, "USD")).toBe("25.50");
    expect(majorAmountText(10_000, "KRW")).toBe("10000");
  });
});

describe("limits", () => {
  it("are at least Stripe's minimum charge in the gift's own currency", () => {
    for (const currency of CURRENCIES) {
      const own = { USD: 50, EUR: 50, GBP: 30, JPY: 50, KRW: 50 }[currency];
      expect(minimumFor(currency, currency)).toBe(own);
    }
  });

  it("clear a US-dollar account's USD 0.50 at the worst plausible rate", () => {
    expect(minimumFor("KRW", "USD")).toBe(1_000);
    expect(minimumFor("JPY", "USD")).toBe(100);
    expect(minimumFor("GBP", "USD")).toBeGreaterThanOrEqual(50);
    expect(minimumFor("EUR", "USD")).toBeGreaterThan(50);
  });

  it("keep a maximum above every preset", () => {
    for (const currency of CURRENCIES) {
      expect(donationLimits(currency, "USD").max).toBeGreaterThan(donationLimits(currency, "USD").min);
    }
  });
});

describe("formatting and defaults", () => {
  it("shows KRW and JPY without decimals and cents only when there are some", () => {
    expect(formatMoney(10_000, "KRW", "ko")).toBe("₩10,000");
    expect(formatMoney(3_000, "JPY", "ja")).toMatch(/^[¥￥]3,000$/);
    expect(formatMoney(2_500, "USD", "en")).toBe("$25");
    expect(formatMoney(2_550, "USD", "en")).toBe("$25.50");
  });

  it("defaults the currency to the page's language", () => {
    expect(defaultCurrency("ko")).toBe("KRW");
    expect(defaultCurrency("ja")).toBe("JPY");
    expect(defaultCurrency("en")).toBe("USD");
  });
});

describe("the donate form's rules", () => {
  const base = { currency: "USD", frequency: "once", email: "donor@example.org", amount: "25" };

  it("accepts a preset or a custom amount", () => {
    const preset = validateDonation(base, "USD");
    expect(preset).toMatchObject({ ok: true, gift: { amount: 2_500, currency: "USD", showName: false } });
    const custom = validateDonation(
      { ...base, currency: "KRW", amount: "custom", customAmount: "15,000" },
      "USD",
    );
    expect(custom).toMatchObject({ ok: true, gift: { amount: 15_000, currency: "KRW" } });
  });

  it("names each bad field with a translatable key and the limit it missed", () => {
    const result = validateDonation(
      { ...base, currency: "KRW", amount: "custom", customAmount: "500", email: "nope", frequency: "weekly" },
      "USD",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        customAmount: { key: "donate.error.amountBelowMinimum", params: { min: 1_000, currency: "KRW" } },
        email: { key: "donate.error.emailInvalid" },
        frequency: { key: "donate.error.frequencyInvalid" },
      },
    });
    expect(validateDonation({ ...base, currency: "XYZ" }, "USD")).toMatchObject({
      ok: false,
      errors: { currency: { key: "donate.error.currencyInvalid" } },
    });
    expect(validateDonation({ ...base, amount: "20000" }, "USD")).toMatchObject({
      ok: false,
      errors: { amount: { key: "donate.error.amountAboveMaximum" } },
    });
  });

  it("shows a name only when the donor gave one and asked for it", () => {
    expect(validateDonation({ ...base, showName: "on" }, "USD")).toMatchObject({ gift: { showName: false } });
    expect(validateDonation({ ...base, name: "Kim", showName: "on" }, "USD")).toMatchObject({
      gift: { name: "Kim", showName: true },
    });
  });
});
