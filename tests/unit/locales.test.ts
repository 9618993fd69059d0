import { describe, expect, it } from "vitest";
import { localizePath, negotiateLocale, samePrefixAs, splitLocalePath } from "~/i18n/locales";

describe("splitLocalePath", () => {
  it("takes a locale prefix off the path", () => {
    expect(splitLocalePath("/ko")).toEqual({ locale: "ko", rest: "/" });
    expect(splitLocalePath("/ja/campaigns/x")).toEqual({ locale: "ja", rest: "/campaigns/x" });
    expect(splitLocalePath("/en/privacy")).toEqual({ locale: "en", rest: "/privacy" });
  });

  it("leaves unprefixed paths, and look-alikes, unprefixed", () => {
    expect(splitLocalePath("/")).toEqual({ locale: undefined, rest: "/" });
    expect(splitLocalePath("/campaigns/x")).toEqual({ locale: undefined, rest: "/campaigns/x" });
    expect(splitLocalePath("/kor/x")).toEqual({ locale: undefined, rest: "/kor/x" });
  });
});

describe("localizePath", () => {
  it("puts the locale in front of the path", () => {
    expect(localizePath("ko", "/")).toBe("/ko");
    expect(localizePath("ja", "/campaigns/x")).toBe("/ja/campaigns/x");
  });
});

describe("samePrefixAs", () => {
  it("keeps the language the reader chose, and leaves a detected one to detection", () => {
    expect(samePrefixAs("/ko/campaigns/x", "/campaigns/x/check-email")).toBe("/ko/campaigns/x/check-email");
    expect(samePrefixAs("/campaigns/x", "/campaigns/x/check-email")).toBe("/campaigns/x/check-email");
    expect(samePrefixAs("/ja", "/")).toBe("/ja");
  });
});

describe("negotiateLocale", () => {
  it("picks the highest-quality supported language", () => {
    expect(negotiateLocale("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ko");
    expect(negotiateLocale("fr-FR,fr;q=0.9,ja;q=0.8,en;q=0.5")).toBe("ja");
    expect(negotiateLocale("en;q=0.4, ja;q=0.9")).toBe("ja");
  });

  it("falls back to English when nothing supported is asked for", () => {
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale("de-DE,fr;q=0.5")).toBe("en");
    expect(negotiateLocale("ko;q=0")).toBe("en");
  });
});
