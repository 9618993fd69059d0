import { describe, expect, it } from "vitest";
import { describeCatalogues } from "../support/catalogue-checks";
import en from "~/emails/i18n/en.json";
import ja from "~/emails/i18n/ja.json";
import ko from "~/emails/i18n/ko.json";
import { renderSignatureAlreadyConfirmedEmail } from "~/emails/signature-already-confirmed";
import { renderSignatureConfirmationEmail } from "~/emails/signature-confirmation";
import { renderStaffEnrolmentEmail } from "~/emails/staff-enrolment";
import { renderTestEmail } from "~/emails/test-email";
import { emailTranslator } from "~/emails/translate";
import type { EmailFooter, ListInfo, RenderedEmail } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import { LOCALES, type Locale } from "~/i18n/locales";
import { renderMarkdown } from "~/utils/markdown.server";
import { previewLine } from "~/jobs/send-update.server";

// Fixtures in each reader's language, as the callers will pass them.
const FOOTERS: Record<Locale, EmailFooter> = {
  en: {
    orgName: "Rollcall Test Alliance",
    postalAddress: "12 Example-ro, Jongno-gu, Seoul 03000, Republic of Korea",
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
const CAMPAIGN_TITLES: Record<Locale, string> = {
  en: "Free the families held in Camp 25",
  ko: "25호 수용소에 갇힌 가족을 석방하라",
  ja: "第25号収容所の家族を解放せよ",
};
/** An update's Markdown as the fan-out hands it to the template (app/jobs/send-update.server.ts). */
function updateText({ subject, body }: { subject: string; body: string }) {
  const bodyHtml = renderMarkdown(body);
  return { subject, bodyHtml, preview: previewLine(bodyHtml) };
}
const SIGNER_NAMES: Record<Locale, string> = { en: "Jisoo Park", ko: "박지수", ja: "山田花子" };
const UPDATES: Record<Locale, { subject: string; body: string }> = {
  en: {
    subject: "We delivered your petition to the Security Council",
    body: "Yesterday we handed over 12,000 signatures.\nThank you.\n\nThe next step is the November debate.",
  },
  ko: {
    subject: "청원을 안보리에 전달했습니다",
    body: "어제 12,000명의 서명을 전달했습니다.\n감사합니다.\n\n다음 단계는 11월 토론입니다.",
  },
  ja: {
    subject: "請願を安保理に届けました",
    body: "昨日、12,000筆の署名を手渡しました。\nありがとうございました。\n\n次は11月の討論です。",
  },
};
const SENT_AT = new Date("2025-11-28T06:30:00Z");

const urls = (locale: Locale) => ({
  campaign: `https://rollcall.example/${locale}/campaigns/camp-25`,
  confirm: `https://rollcall.example/${locale}/confirm/tok_c0nf1rm`,
  withdraw: `https://rollcall.example/${locale}/withdraw/tok_w1thdr4w`,
  unsubscribe: `https://rollcall.example/${locale}/unsubscribe/tok_uns4b`,
});
const listFor = (locale: Locale): ListInfo => ({
  listName: CAMPAIGN_TITLES[locale],
  unsubscribeUrl: urls(locale).unsubscribe,
});

type Template = {
  name: string;
  /** List mail carries the unsubscribe link; transactional mail must not. */
  isList: boolean;
  render: (locale: Locale) => Promise<RenderedEmail>;
  expectedSubject: (locale: Locale) => string;
  /** Links that must be in both the HTML and the plain-text part. */
  links: (locale: Locale) => string[];
};

const TEMPLATES: Template[] = [
  {
    name: "test email",
    isList: false,
    render: (locale) => renderTestEmail({ locale, footer: FOOTERS[locale], sentAt: SENT_AT }),
    expectedSubject: (locale) =>
      emailTranslator(locale)("test.subject", { orgName: FOOTERS[locale].orgName }),
    links: () => [],
  },
  {
    name: "campaign update",
    isList: true,
    render: (locale) =>
      renderUpdateEmail({
        locale,
        footer: FOOTERS[locale],
        list: listFor(locale),
        campaignTitle: CAMPAIGN_TITLES[locale],
        campaignUrl: urls(locale).campaign,
        ...updateText(UPDATES[locale]),
      }),
    expectedSubject: (locale) => UPDATES[locale].subject,
    links: (locale) => [urls(locale).campaign],
  },
  {
    name: "signature confirmation",
    isList: false,
    render: (locale) =>
      renderSignatureConfirmationEmail({
        locale,
        footer: FOOTERS[locale],
        campaignTitle: CAMPAIGN_TITLES[locale],
        confirmUrl: urls(locale).confirm,
        withdrawUrl: urls(locale).withdraw,
        expiresInDays: 7,
      }),
    expectedSubject: (locale) =>
      emailTranslator(locale)("confirm.subject", { campaignTitle: CAMPAIGN_TITLES[locale] }),
    links: (locale) => [urls(locale).confirm, urls(locale).withdraw],
  },
  {
    name: "signature already confirmed",
    isList: false,
    render: (locale) =>
      renderSignatureAlreadyConfirmedEmail({
        locale,
        footer: FOOTERS[locale],
        signerName: SIGNER_NAMES[locale],
        campaignTitle: CAMPAIGN_TITLES[locale],
        campaignUrl: urls(locale).campaign,
        withdrawUrl: urls(locale).withdraw,
      }),
    expectedSubject: (locale) =>
      emailTranslator(locale)("already.subject", { campaignTitle: CAMPAIGN_TITLES[locale] }),
    links: (locale) => [urls(locale).campaign, urls(locale).withdraw],
  },
  {
    name: "staff enrolment",
    isList: false,
    render: (locale) =>
      renderStaffEnrolmentEmail({
        locale,
        footer: FOOTERS[locale],
        enrolUrl: `https://rollcall.example/${locale}/admin/enrol/tok_3nr0l`,
        expiresInHours: 24,
      }),
    expectedSubject: (locale) =>
      emailTranslator(locale)("staffEnrolment.subject", { orgName: FOOTERS[locale].orgName }),
    links: (locale) => [`https://rollcall.example/${locale}/admin/enrol/tok_3nr0l`],
  },
];

/** Undoes React's escaping, so that text can be looked for in the HTML as a reader sees it. */
function decodeHtml(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

/** Every run of literal English text (outside arguments and `#`) longer than 20 characters. */
const LONG_ENGLISH_SENTENCES = [
  ...new Set(
    Object.values(en).flatMap((message) =>
      message
        .split(/[{}#]/)
        .flatMap((fragment) => fragment.split(/(?<=[.?!:])\s+/))
        .map((sentence) => sentence.trim())
        .filter((sentence) => sentence.length > 20),
    ),
  ),
];

describe.each(TEMPLATES)("the $name", (template) => {
  describe.each(LOCALES)("in %s", (locale) => {
    // Rendered once per template and locale, on first use (not while tests are being collected).
    let cached: Promise<RenderedEmail> | undefined;
    const render = () => (cached ??= template.render(locale));

    it("has its subject in the reader's language", async () => {
      const { subject } = await render();
      expect(subject).toBe(template.expectedSubject(locale));
      if (locale !== "en") expect(subject).not.toBe(template.expectedSubject("en"));
    });

    it("declares the language on the html element", async () => {
      const { html } = await render();
      expect(html).toMatch(new RegExp(`<html\\b[^>]*\\blang="${locale}"`));
    });

    it("names the sender, their postal address and the privacy notice in both parts", async () => {
      const { html, text } = await render();
      const { orgName, postalAddress, privacyUrl } = FOOTERS[locale];
      for (const part of [html, text]) {
        expect(part).toContain(orgName);
        expect(part).toContain(postalAddress);
        expect(part).toContain(privacyUrl);
      }
    });

    it("has its links in both parts", async () => {
      const { html, text } = await render();
      for (const url of template.links(locale)) {
        expect(html).toContain(`href="${url}"`);
        expect(text).toContain(url);
      }
    });

    it(
      template.isList
        ? "as list mail, says why it was sent and links to unsubscribe"
        : "as transactional mail, has no unsubscribe link",
      async () => {
        const { html, text } = await render();
        const t = emailTranslator(locale);
        const unsubscribe = urls(locale).unsubscribe;
        const reason = t("footer.listReason", { listName: listFor(locale).listName });
        for (const part of [decodeHtml(html), text]) {
          if (template.isList) {
            expect(part).toContain(unsubscribe);
            expect(part).toContain(reason);
          } else {
            expect(part).not.toContain(unsubscribe);
            expect(part).not.toContain(t("footer.unsubscribe"));
          }
        }
      },
    );

    it("has a plain-text part with no HTML in it", async () => {
      const { text } = await render();
      expect(text.trim()).not.toBe("");
      expect(text).not.toMatch(/<\/?[a-z!][^>]*>/i);
    });

    if (locale === "en") return;

    it("contains no English sentence from the catalogue", async () => {
      const { subject, html, text } = await render();
      const everything = [subject, decodeHtml(html), text].join("\n");
      expect(LONG_ENGLISH_SENTENCES.filter((sentence) => everything.includes(sentence))).toEqual([]);
    });
  });
});

describe("the campaign update", () => {
  it("renders campaigners' Markdown through the campaign-text sanitiser, never their script", async () => {
    const { html, text } = await renderUpdateEmail({
      locale: "en",
      footer: FOOTERS.en,
      list: listFor("en"),
      campaignTitle: CAMPAIGN_TITLES.en,
      campaignUrl: urls("en").campaign,
      ...updateText({
        subject: "An update",
        body: 'First paragraph <script>alert("x")</script>\n\n<b onclick="x()">Second</b> & **last**',
      }),
    });
    expect(html).not.toContain("<script");
    expect(html).not.toContain("alert(");
    expect(html).not.toContain("onclick");
    expect(html).toContain("Second &amp; <strong>last</strong>");
    expect(text).toContain("Second & last");
  });

  it("renders each blank-line-separated paragraph as its own paragraph", async () => {
    const { html } = await renderUpdateEmail({
      locale: "en",
      footer: FOOTERS.en,
      list: listFor("en"),
      campaignTitle: CAMPAIGN_TITLES.en,
      campaignUrl: urls("en").campaign,
      ...updateText(UPDATES.en),
    });
    expect(html).toMatch(/<p>Yesterday we handed over 12,000 signatures\.\nThank you\.<\/p>/);
    expect(html).toMatch(/<p>The next step is the November debate\.<\/p>/);
  });
});

describe("the signature confirmation", () => {
  it.each([
    [1, "The link expires in 1 day."],
    [7, "The link expires in 7 days."],
  ])("gives the expiry in English with the right plural (%i)", async (days, sentence) => {
    const { text } = await renderSignatureConfirmationEmail({
      locale: "en",
      footer: FOOTERS.en,
      campaignTitle: CAMPAIGN_TITLES.en,
      confirmUrl: urls("en").confirm,
      withdrawUrl: urls("en").withdraw,
      expiresInDays: days,
    });
    expect(text).toContain(sentence);
  });
});

describe("the test email", () => {
  it.each(LOCALES)("shows when it was sent, in UTC (%s)", async (locale) => {
    const { text } = await renderTestEmail({ locale, footer: FOOTERS[locale], sentAt: SENT_AT });
    const time = new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "UTC",
    }).format(SENT_AT);
    expect(text).toContain(time);
    expect(text).toContain("UTC");
  });
});

describeCatalogues("the email catalogues", { en, ko, ja });
