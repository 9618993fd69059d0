import { describe, expect, it } from "vitest";
import { getTranslator } from "~/i18n/catalog.server";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { LOCALES } from "~/i18n/locales";
import { uncoveredCharacters } from "~/services/share-image/font-coverage.server";
import { loadShareFonts } from "~/services/share-image/fonts.server";
import { renderShareImage, SHARE_IMAGE_MESSAGES } from "~/services/share-image/render.server";
import { getEnv } from "~/utils/env.server";
import { DEMO_CAMPAIGNS } from "../../prisma/data/demo-campaigns";

// No tofu: every character the share image may draw has a glyph in the fonts it ships with.

const CATALOGUES = { en, ko, ja };

async function missingIn(text: string) {
  const { coverage } = await loadShareFonts();
  return {
    bold: uncoveredCharacters(text, coverage[700]),
    regular: uncoveredCharacters(text, coverage[400]),
  };
}

describe("the share image's fonts", () => {
  it("report what they lack (the check itself can fail)", async () => {
    expect(await missingIn("Aa 가 か 国 ไทย 😀")).toEqual({
      bold: ["ไ", "ท", "ย", "😀"],
      regular: ["ไ", "ท", "ย", "😀"],
    });
  });

  it.each(DEMO_CAMPAIGNS.map((campaign) => [campaign.slug, campaign] as const))(
    "cover the seeded campaign %s: titles and summaries in English, Korean and Japanese",
    async (_slug, campaign) => {
      for (const locale of LOCALES) {
        const { title, summary } = campaign.texts[locale];
        expect([locale, await missingIn(title + summary)]).toEqual([locale, { bold: [], regular: [] }]);
      }
    },
  );

  it("cover every label on the image and the organisation's name, in every language", async () => {
    for (const locale of LOCALES) {
      const t = getTranslator(locale);
      const labels = SHARE_IMAGE_MESSAGES.flatMap((key) => [
        CATALOGUES[locale][key],
        ...[0, 1, 12_345, 1_234_567].map((count) => t(key, { count })),
      ]).join(" ");
      expect([locale, await missingIn(labels + getEnv().ORG_NAME)]).toEqual([
        locale,
        { bold: [], regular: [] },
      ]);
    }
  });

  it("cover all 11,172 modern Hangul syllables and all the kana a title could use", async () => {
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join("");
    const hangul = range(0xac00, 0xd7a3);
    const kana = range(0x3041, 0x3096) + range(0x30a1, 0x30fa) + "ー・、。「」";
    expect(await missingIn(hangul + kana)).toEqual({ bold: [], regular: [] });
  });
});

describe("rendering the share image", () => {
  const base = { count: 120, goal: 1_000, orgName: "Rollcall" } as const;

  it("draws Korean and Japanese titles in real glyphs: different titles of one length differ", async () => {
    // Drawn as empty boxes, two titles of the same length would make the same picture.
    const korean = [
      await renderShareImage({ ...base, locale: "ko", title: "가나다라 마바사" }),
      await renderShareImage({ ...base, locale: "ko", title: "아자차카 타파하" }),
    ];
    expect(korean[0]).not.toEqual(korean[1]);
    const japanese = [
      await renderShareImage({ ...base, locale: "ja", title: "北朝鮮の人権" }),
      await renderShareImage({ ...base, locale: "ja", title: "国連安保理に" }),
    ];
    expect(japanese[0]).not.toEqual(japanese[1]);
  });

  it("leaves out characters no font has, so such titles make the same picture (the comparison can fail)", async () => {
    const thai = await renderShareImage({ ...base, locale: "en", title: "ไทย" });
    const other = await renderShareImage({ ...base, locale: "en", title: "ภาษา" });
    expect(thai).toEqual(other);
  });
});
