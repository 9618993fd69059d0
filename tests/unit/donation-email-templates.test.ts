import { describe, expect, it } from "vitest";
import { describeCatalogues } from "../support/catalogue-checks";
import emailEn from "~/emails/i18n/en.json";
import emailJa from "~/emails/i18n/ja.json";
import emailKo from "~/emails/i18n/ko.json";
import uiEn from "~/i18n/en.json";
import uiJa from "~/i18n/ja.json";
import uiKo from "~/i18n/ko.json";
import { renderDonationFailedEmail } from "~/emails/donation-failed";
import type { DonationCurrency } from "~/emails/donation-format";
import { renderDonationReceiptEmail, type DonationReceiptEmailProps } from "~/emails/donation-receipt";
import { renderDonorManageLinkEmail } from "~/emails/donor-manage-link";
import type { EmailFooter, RenderedEmail } from "~/emails/types";
import { LOCALES, type Locale } from "~/i18n/locales";

const FOOTERS: Record<Locale, EmailFooter> = {
  en: {
    orgName: "Rollcall Test Alliance",
    postalAddress: "12 Example-ro, Jongno-gu\nSeoul 03000, Republic of Korea",
    privacyUrl: "https://rollcall.example/en/privacy",
  },
  ko: {
    orgName: "롤콜 시험 연대",
    postalAddress: "03000 서울특별시 종로구 예시로 12",
    privacyUrl: "https://rollcall.example/ko/privacy",
  },
  ja: {
    orgName: "ロールコール試験連合",
    postalAddress: "〒03000 大韓民国ソウル特別市鍾路区例示路12",
    privacyUrl: "https://rollcall.example/ja/privacy",
  },
};
const CAMPAIGN: Record<Locale, string> = {
  en: "Free the families held in Camp 25",
  ko: "25호 수용소에 갇힌 가족을 석방하라",
  ja: "第25号収容所の家族を解放せよ",
};
const REFERENCE = "7b0c6f1e-3d2a-4c5b-9e8f-0a1b2c3d4e5f";
// 1 December 01:00 in Seoul, still 30 November in UTC: receipts follow the organisation's calendar.
const PAID_AT = new Date("2026-11-30T16:00:00Z");
const manageUrl = (locale: Locale) => `https://rollcall.example/${locale}/donate/manage`;

// Written out by hand, not computed: a gift stored in minor units must never show 100 times too
// much (KRW and JPY have no minor unit) or lose its cents.
const AMOUNTS: { currency: DonationCurrency; minor: number; shown: Record<Locale, string> }[] = [
  { currency: "USD", minor: 2_500, shown: { en: "$25.00", ko: "US$25.00", ja: "$25.00" } },
  { currency: "KRW", minor: 10_000, shown: { en: "₩10,000", ko: "₩10,000", ja: "₩10,000" } },
  { currency: "JPY", minor: 3_000, shown: { en: "¥3,000", ko: "JP¥3,000", ja: "￥3,000" } },
  { currency: "EUR", minor: 1_250, shown: { en: "€12.50", ko: "€12.50", ja: "€12.50" } },
];
const WRONG_SCALE = ["₩1,000,000", "₩100", "¥300,000", "¥30", "$2,500", "$0.25", "€1,250"];

const MONTH: Record<Locale, string> = { en: "December 2026", ko: "2026년 12월", ja: "2026年12月" };
const DATE: Record<Locale, string> = { en: "December 1, 2026", ko: "2026년 12월 1일", ja: "2026年12月1日" };
const NO_GOODS: Record<Locale, string> = {
  en: "No goods or services were provided in exchange for this contribution.",
  ko: "이 후원금의 대가로 제공된 물품이나 서비스는 없습니다.",
  ja: "この寄付の見返りとして提供された物品やサービスはありません。",
};

/** Undoes React's escaping, so that text can be looked for in the HTML as a reader sees it. */
function decodeHtml(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

function receipt(locale: Locale, overrides: Partial<DonationReceiptEmailProps> = {}) {
  return renderDonationReceiptEmail({
    locale,
    footer: FOOTERS[locale],
    kind: "one_time",
    amount: 2_500,
    currency: "USD",
    paidAt: PAID_AT,
    campaignTitle: CAMPAIGN[locale],
    reference: REFERENCE,
    manageUrl: null,
    ...overrides,
  });
}

const both = ({ html, text }: RenderedEmail) => [decodeHtml(html), text];

describe.each(LOCALES)("a donation receipt in %s", (locale) => {
  it.each(AMOUNTS)("writes a $currency gift with the currency's own decimals", async (amount) => {
    const email = await receipt(locale, { amount: amount.minor, currency: amount.currency });
    for (const part of both(email)) {
      expect(part).toContain(amount.shown[locale]);
      for (const wrong of WRONG_SCALE) expect(part).not.toContain(wrong);
    }
    expect(email.html).toMatch(new RegExp(`<html\\b[^>]*\\blang="${locale}"`));
  });

  it("carries the date, the campaign, our reference, and the organisation's name and address", async () => {
    const email = await receipt(locale);
    const { orgName, postalAddress } = FOOTERS[locale];
    for (const part of both(email)) {
      expect(part).toContain(DATE[locale]);
      expect(part).toContain(CAMPAIGN[locale]);
      expect(part).toContain(REFERENCE);
      expect(part).toContain(orgName);
      for (const line of postalAddress.split("\n")) expect(part).toContain(line);
    }
    // Our reference, never Stripe's ids.
    expect(email.text).not.toMatch(/\b(?:pi|cs|in|ch|sub|cus)_[A-Za-z0-9]/);
  });

  it("leaves the campaign line out of a general gift", async () => {
    const email = await receipt(locale, { campaignTitle: null });
    const label = { en: "Campaign:", ko: "캠페인:", ja: "キャンペーン：" }[locale];
    expect(email.text).not.toContain(label);
    expect((await receipt(locale)).text).toContain(label);
  });

  it("says no goods or services were provided for a USD gift, and only for one", async () => {
    expect((await receipt(locale, { currency: "USD" })).text).toContain(NO_GOODS[locale]);
    for (const currency of ["KRW", "JPY", "EUR", "GBP"] as const) {
      const email = await receipt(locale, { currency, amount: 10_000 });
      for (const part of both(email)) expect(part).not.toContain(NO_GOODS[locale]);
    }
  });

  it("names a monthly charge's month, in the subject too, and links to our manage page", async () => {
    const email = await receipt(locale, { kind: "monthly", manageUrl: manageUrl(locale) });
    expect(email.subject).toContain(MONTH[locale]);
    expect(email.subject).toContain(FOOTERS[locale].orgName);
    for (const part of both(email)) {
      expect(part).toContain(MONTH[locale]);
      expect(part).toContain(manageUrl(locale));
      expect(part).not.toContain("billing.stripe.com");
    }
    const linkText = {
      en: "manage or cancel your monthly gift",
      ko: "정기 후원 관리 또는 해지",
      ja: "毎月の寄付の管理・解約",
    };
    expect(decodeHtml(email.html)).toContain(`>${linkText[locale]}</a>`);
  });

  it("gives a one-off gift no manage link and no month", async () => {
    const email = await receipt(locale);
    expect(email.text).not.toContain("/donate/manage");
    expect(email.subject).not.toContain(MONTH[locale]);
  });

  it("has its subject in the reader's language", async () => {
    const subject = (await receipt(locale)).subject;
    expect(subject).toContain(FOOTERS[locale].orgName);
    if (locale !== "en") expect(subject).not.toContain("Receipt");
  });
});

describe.each(LOCALES)("a failed monthly charge in %s", (locale) => {
  const render = () =>
    renderDonationFailedEmail({
      locale,
      footer: FOOTERS[locale],
      amount: 10_000,
      currency: "KRW",
      failedAt: PAID_AT,
      campaignTitle: null,
      manageUrl: manageUrl(locale),
    });
  const NO_MONEY: Record<Locale, string> = {
    en: "No money was taken from you this time.",
    ko: "이번에는 출금된 금액이 없습니다.",
    ja: "今回、料金は一切請求されていません。",
  };

  it("says what failed, that nothing was taken, and links to our manage page", async () => {
    const email = await render();
    for (const part of both(email)) {
      expect(part).toContain("₩10,000");
      expect(part).toContain(DATE[locale]);
      expect(part).toContain(NO_MONEY[locale]);
      expect(part).toContain(manageUrl(locale));
    }
    expect(email.subject).toContain(FOOTERS[locale].orgName);
    expect(email.html).toMatch(new RegExp(`<html\\b[^>]*\\blang="${locale}"`));
  });
});

describe.each(LOCALES)("the manage link email in %s", (locale) => {
  it("carries the single-use link and how long it works", async () => {
    const linkUrl = `https://rollcall.example/${locale}/donate/manage/tok_m4n4g3`;
    const email = await renderDonorManageLinkEmail({
      locale,
      footer: FOOTERS[locale],
      linkUrl,
      expiresInMinutes: 30,
    });
    for (const part of both(email)) {
      expect(part).toContain(linkUrl);
      expect(part).toMatch(/30/);
    }
    expect(email.subject).toContain(FOOTERS[locale].orgName);
  });
});

const only = (catalogue: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(catalogue).filter(([key]) => key.startsWith(prefix)));

describeCatalogues("the donors' email strings", {
  en: only(emailEn, "donation."),
  ko: only(emailKo, "donation."),
  ja: only(emailJa, "donation."),
});
describeCatalogues("the manage pages' strings", {
  en: only(uiEn, "donateManage."),
  ko: only(uiKo, "donateManage."),
  ja: only(uiJa, "donateManage."),
});
