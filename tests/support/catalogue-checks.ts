import { describe, expect, it } from "vitest";
import { messageArguments } from "~/i18n/format";

type Catalogue = Record<string, string>;

/**
 * The checks every set of en/ko/ja catalogues must pass (UI and emails alike): the same keys, the
 * same arguments in every message, nothing left in English, nothing empty, everything parses.
 */
export function describeCatalogues(
  name: string,
  catalogues: { en: Catalogue; ko: Catalogue; ja: Catalogue },
) {
  const { en } = catalogues;
  const englishKeys = Object.keys(en).sort();

  describe(name, () => {
    describe.each(["ko", "ja"] as const)("the %s catalogue", (locale) => {
      const catalogue = catalogues[locale];

      it("has exactly the English keys", () => {
        expect(Object.keys(catalogue).sort()).toEqual(englishKeys);
      });

      it("uses the same arguments as English in every message", () => {
        for (const key of englishKeys) {
          expect([key, messageArguments(catalogue[key]!)]).toEqual([key, messageArguments(en[key]!)]);
        }
      });

      it("is actually translated: no message is left identical to a long English one", () => {
        const untranslated = englishKeys.filter((key) => en[key]!.length > 20 && catalogue[key] === en[key]);
        expect(untranslated).toEqual([]);
      });
    });

    it("has no empty messages, and every message parses", () => {
      for (const [locale, catalogue] of Object.entries(catalogues)) {
        for (const [key, message] of Object.entries(catalogue)) {
          expect(message.trim(), `${locale}:${key}`).not.toBe("");
          expect(() => messageArguments(message), `${locale}:${key}`).not.toThrow();
        }
      }
    });
  });
}
