import { describe, expect, it } from "vitest";
import { messageArguments } from "~/i18n/format";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";

const catalogues: Record<string, Record<string, string>> = { en, ko, ja };
const englishKeys = Object.keys(en).sort();

describe.each(["ko", "ja"])("the %s catalogue", (locale) => {
  const catalogue = catalogues[locale]!;

  it("has exactly the English keys", () => {
    expect(Object.keys(catalogue).sort()).toEqual(englishKeys);
  });

  it("uses the same arguments as English in every message", () => {
    for (const key of englishKeys) {
      expect([key, messageArguments(catalogue[key]!)]).toEqual([
        key,
        messageArguments(en[key as keyof typeof en]),
      ]);
    }
  });

  it("is actually translated: no message is left identical to a long English one", () => {
    const untranslated = englishKeys.filter((key) => {
      const english = en[key as keyof typeof en];
      return english.length > 20 && catalogue[key] === english;
    });
    expect(untranslated).toEqual([]);
  });
});

describe("every catalogue", () => {
  it("has no empty messages and parses", () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, message] of Object.entries(catalogue)) {
        expect(message.trim(), `${locale}:${key}`).not.toBe("");
        expect(() => messageArguments(message), `${locale}:${key}`).not.toThrow();
      }
    }
  });
});
