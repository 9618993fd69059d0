// The donate pages as a donor gets them from the built app (simulated payments: no Stripe key, on
// this machine), in English, Korean and Japanese: every field of the form, the currency the page's
// language picks, every currency's presets in the page, shared and cacheable with only the small
// script; a bad amount answered 400 in the reader's language with what was typed kept; unknown or
// closed campaigns not found; the thanks page showing only what the webhook recorded, and never
// cached; the canceled page.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { getPrisma } from "~/utils/db.server";
import { FORM_MAX_AGE_MS, formShownToken } from "~/utils/form-timing.server";
import {
  CURRENCIES,
  PRESETS,
  donationLimits,
  formatMoney,
  majorAmountText,
  type CurrencyCode,
} from "~/utils/money";
import { createCampaign } from "../factories";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { sharedAppSecret } from "../support/fanout-fixture";
import { stopNodeProcess } from "../support/processes";

// The app shares this process's secret, so a form token made here (an expired one) is one it reads.
const APP_SECRET = sharedAppSecret();

const LANGS = ["en", "ko", "ja"] as const;
type Lang = (typeof LANGS)[number];
const CATALOGUES = { en, ko, ja } as const;
const DEFAULT_CURRENCY: Record<Lang, CurrencyCode> = { en: "USD", ko: "KRW", ja: "JPY" };

let app: BuiltApp;
let liveSlug: string;
let closedSlug: string;

beforeAll(async () => {
  liveSlug = (await createCampaign({ slug: "give-to-this-one" })).slug;
  closedSlug = (await createCampaign({ slug: "closed-for-gifts", status: "closed" })).slug;
  // The app's settlement currency is the default, USD: a gift in another currency must clear USD 0.50.
  app = await startBuiltApp({ APP_SECRET });
}, 60_000);

afterAll(async () => {
  if (app) await stopNodeProcess(app.proc, 15_000);
});

/** The text of an HTML fragment, tags dropped and the entities React writes decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** React escapes these in attribute values and text. */
function escaped(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

/** Every `<input>`, `<select>` and `<textarea>` tag with the given name attribute. */
function controls(html: string, name: string): string[] {
  return [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => tag.includes(` name="${name}"`));
}

/** The value attribute of the one control with this name. */
function valueOf(html: string, name: string): string | undefined {
  const [tag, ...rest] = controls(html, name);
  expect(rest, `one control named ${name}`).toEqual([]);
  return /\svalue="([^"]*)"/.exec(tag ?? "")?.[1];
}

function textareaText(html: string, name: string): string | undefined {
  return new RegExp(`<textarea\\b[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
}

const checkedValues = (html: string, name: string) =>
  controls(html, name)
    .filter((tag) => /\schecked=""/.test(tag))
    .map((tag) => /\svalue="([^"]*)"/.exec(tag)?.[1]);

const selectedCurrency = (html: string) => /<option[^>]*value="([A-Z]{3})"[^>]*selected=""/.exec(html)?.[1];

async function getPage(path: string, status = 200) {
  const response = await fetch(`${app.baseUrl}${path}`);
  expect([path, response.status]).toEqual([path, status]);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  return { response, html: await response.text() };
}

async function postForm(path: string, fields: Record<string, string>) {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { response, html: await response.text() };
}

/** The form's own timing token, as a reader's browser would send it back. */
const shownToken = (html: string) => valueOf(html, "shown")!;

describe.each(LANGS)("the donate page in %s", (lang) => {
  const t = CATALOGUES[lang];

  it("has every field, the language's currency chosen, and each currency's presets in the page", async () => {
    const { response, html } = await getPage(`/${lang}/donate`);
    // Shared and cacheable (docs/decisions/0016), with no framework: only the donate form's script.
    expect(response.headers.get("cache-control")).toMatch(/^public/);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<script type="module" src="\/client\/donate-form-[\w-]+\.js">$/),
    ]);
    // Stripe's hosted page is the one place outside this site a form here may lead.
    expect(response.headers.get("content-security-policy")).toContain(
      "form-action 'self' https://checkout.stripe.com",
    );

    expect(text(html)).toContain(t["donate.title"]);
    for (const name of [
      "customAmount",
      "email",
      "name",
      "showName",
      "message",
      "campaign",
      "shown",
      "website",
    ]) {
      expect(controls(html, name), name).toHaveLength(1);
    }
    expect(valueOf(html, "campaign")).toBe("");
    // No DONOR_DATA_KEY here: the Korean donation receipt is not offered.
    expect(controls(html, "krReceipt")).toEqual([]);
    expect(controls(html, "krRrn")).toEqual([]);
    expect(controls(html, "frequency").map((tag) => /value="(\w+)"/.exec(tag)?.[1])).toEqual([
      "once",
      "monthly",
    ]);
    expect(checkedValues(html, "frequency")).toEqual(["once"]);
    // Anonymous unless the donor says otherwise.
    expect(checkedValues(html, "showName")).toEqual([]);
    expect(selectedCurrency(html)).toBe(DEFAULT_CURRENCY[lang]);
    for (const currency of CURRENCIES) expect(html).toContain(`<option value="${currency}"`);

    // Each preset is a radio button whose value is the number as typed, labelled in its currency.
    const amounts = controls(html, "amount").map((tag) => /value="([^"]+)"/.exec(tag)?.[1]);
    const presets = CURRENCIES.flatMap((currency) =>
      PRESETS[currency].map((minor) => majorAmountText(minor, currency)),
    );
    expect(amounts).toEqual([...presets, "custom"]);
    for (const currency of CURRENCIES) {
      for (const minor of PRESETS[currency]) expect(text(html)).toContain(formatMoney(minor, currency, lang));
    }
    // Nothing is chosen for the donor.
    expect(checkedValues(html, "amount")).toEqual([]);
    expect(text(html)).toContain(t["donate.submit"]);
    expect(text(html)).toContain(t["donate.consent"]);
  });

  it("links to itself from the site header and from a campaign's page", async () => {
    const { html: home } = await getPage(`/${lang}`);
    expect(home).toContain(`href="/${lang}/donate"`);
    const { html: campaign } = await getPage(`/${lang}/campaigns/${liveSlug}`);
    expect(campaign).toContain(`href="/${lang}/campaigns/${liveSlug}/donate"`);
    expect(text(campaign)).toContain(t["donate.campaignLink"]);
  });

  it("names the campaign on a campaign's donate page and sends its slug with the gift", async () => {
    const { html } = await getPage(`/${lang}/campaigns/${liveSlug}/donate`);
    expect(text(html)).toContain(`${liveSlug} title (${lang})`);
    expect(valueOf(html, "campaign")).toBe(liveSlug);
    expect(selectedCurrency(html)).toBe(DEFAULT_CURRENCY[lang]);
  });

  it("is not found for an unknown or a closed campaign", async () => {
    for (const slug of ["no-such-campaign", closedSlug]) {
      const { html } = await getPage(`/${lang}/campaigns/${slug}/donate`, 404);
      expect(controls(html, "email")).toEqual([]);
    }
  });
});

describe("a donation with a bad amount", () => {
  // Each language's own currency, plus a change of currency on the English page.
  const cases: { lang: Lang; currency: CurrencyCode; customAmount: string; error: keyof typeof en }[] = [
    { lang: "ko", currency: "KRW", customAmount: "10", error: "donate.error.amountBelowMinimum" },
    { lang: "ja", currency: "JPY", customAmount: "12.5", error: "donate.error.amountInvalid" },
    { lang: "en", currency: "USD", customAmount: "9999999", error: "donate.error.amountAboveMaximum" },
    { lang: "en", currency: "JPY", customAmount: "abc", error: "donate.error.amountInvalid" },
  ];

  it.each(cases)(
    "is refused in $lang ($currency $customAmount) with the error translated and every value kept",
    async ({ lang, currency, customAmount, error }) => {
      const t = CATALOGUES[lang];
      const { html: form } = await getPage(`/${lang}/donate`);
      const email = `donor-${randomUUID().slice(0, 8)}@example.org`;
      const message = `Keep going <3 & "thank you" (${lang})`;
      const { response, html } = await postForm(`/${lang}/donate`, {
        amount: "custom",
        customAmount,
        currency,
        frequency: "monthly",
        email,
        name: "Kim Ji-won",
        showName: "on",
        message,
        campaign: "",
        shown: shownToken(form),
        website: "",
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("location")).toBeNull();

      const shown = text(html);
      expect(shown).toContain(t["donate.errorSummary"]);
      // A limit is named as money in the chosen currency, written the reader's way.
      const { min, max } = donationLimits(currency, "USD");
      const expected = t[error]
        .replace("{min}", formatMoney(min, currency, lang))
        .replace("{max}", formatMoney(max, currency, lang));
      expect(shown).toContain(expected);
      expect(html).toContain('id="donate-customAmount-error"');
      expect(selectedCurrency(html)).toBe(currency);
      expect(checkedValues(html, "amount")).toEqual(["custom"]);
      expect(valueOf(html, "customAmount")).toBe(escaped(customAmount));
      expect(checkedValues(html, "frequency")).toEqual(["monthly"]);
      expect(valueOf(html, "email")).toBe(email);
      expect(valueOf(html, "name")).toBe("Kim Ji-won");
      expect(checkedValues(html, "showName")).toHaveLength(1);
      expect(textareaText(html, "message")).toBe(escaped(message));
      // Nothing was recorded for a refused request.
      expect(await getPrisma().donation.count({ where: { email } })).toBe(0);
    },
  );

  it("keeps a preset chosen in the currency it was chosen in", async () => {
    const { html: form } = await getPage(`/ja/donate`);
    const preset = majorAmountText(PRESETS.JPY[1]!, "JPY");
    const { response, html } = await postForm(`/ja/donate`, {
      amount: preset,
      currency: "JPY",
      frequency: "once",
      email: "not-an-address",
      shown: shownToken(form),
    });
    expect(response.status).toBe(400);
    expect(text(html)).toContain(ja["donate.error.emailInvalid"]);
    expect(checkedValues(html, "amount")).toEqual([preset]);
    // The checked one is the JPY preset, not another currency's with the same number.
    expect(controls(html, "amount").find((tag) => /checked=""/.test(tag))).toContain(
      'id="donate-amount-JPY-1"',
    );
  });
});

describe("other refused donations", () => {
  const valid = (shown: string) => ({
    amount: "25",
    customAmount: "",
    currency: "USD",
    frequency: "once",
    email: "giver@example.org",
    shown,
    website: "",
  });

  it("reads a preset's number in the currency sent: 25 with KRW is ₩25, under the minimum", async () => {
    const { html: form } = await getPage(`/en/donate`);
    const { response, html } = await postForm(`/en/donate`, { ...valid(shownToken(form)), currency: "KRW" });
    expect(response.status).toBe(400);
    const min = formatMoney(donationLimits("KRW", "USD").min, "KRW", "en");
    expect(text(html)).toContain(en["donate.error.amountBelowMinimum"].replace("{min}", min));
    expect(html).toContain('id="donate-amount-error"');
    // The KRW presets are what the form now shows as chosen currency; none of them is 25.
    expect(selectedCurrency(html)).toBe("KRW");
    expect(checkedValues(html, "amount")).toEqual([]);
  });

  it("asks again for a form left open for hours, and records nothing", async () => {
    const stale = formShownToken("donate", Date.now() - FORM_MAX_AGE_MS - 60_000);
    const { response, html } = await postForm(`/ko/donate`, { ...valid(stale), email: "stale@example.org" });
    expect(response.status).toBe(400);
    expect(text(html)).toContain(ko["donate.error.formExpired"]);
    expect(valueOf(html, "email")).toBe("stale@example.org");
    expect(await getPrisma().donation.count({ where: { email: "stale@example.org" } })).toBe(0);
  });

  it("answers a post made faster than a person fills the form with 429 and a translated message", async () => {
    const { html: form } = await getPage(`/ja/donate`);
    const { response, html } = await postForm(`/ja/donate`, {
      ...valid(shownToken(form)),
      email: "fast@example.org",
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(text(html)).toContain(ja["donate.error.busy"]);
    // Nothing recorded, so nothing was sent to Stripe.
    expect(await getPrisma().donation.count({ where: { email: "fast@example.org" } })).toBe(0);
  });

  it("is not found for an unknown or closed campaign", async () => {
    for (const slug of ["no-such-campaign", closedSlug]) {
      const { html: form } = await getPage(`/en/donate`);
      const { response } = await postForm(`/en/campaigns/${slug}/donate`, {
        ...valid(shownToken(form)),
        campaign: slug,
      });
      expect([slug, response.status]).toEqual([slug, 404]);
    }
  });
});

describe("the thanks page", () => {
  async function donation(
    status: "pending" | "succeeded" | "failed",
    overrides: Record<string, unknown> = {},
  ) {
    const checkoutSessionId = `cs_test_${randomUUID().replaceAll("-", "")}`;
    await getPrisma().donation.create({
      data: {
        kind: "one_time",
        status,
        amount: 3000,
        currency: "JPY",
        locale: "ja",
        checkoutSessionId,
        ...overrides,
      },
    });
    return checkoutSessionId;
  }

  it("shows a gift as pending until the webhook records it, reloading itself, and never caches", async () => {
    const session = await donation("pending");
    const { response, html } = await getPage(`/ja/donate/thanks?session_id=${session}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(text(html)).toContain(ja["donate.thanks.pendingTitle"]);
    expect(text(html)).toContain(
      ja["donate.thanks.pendingBody"].replace("{amount}", formatMoney(3000, "JPY", "ja")),
    );
    // The method is not known until the webhook comes: it may be one paid later.
    expect(text(html)).toContain(ja["donate.thanks.pendingDelayed"]);
    expect(html).toMatch(
      /<meta http-equiv="refresh" content="5; url=\/ja\/donate\/thanks\?session_id=cs_test_\w+&amp;refresh=1"/,
    );
    expect(html).not.toMatch(/<script/);
    // Reading the page changes nothing: only the webhook marks a gift paid.
    expect((await getPrisma().donation.findUnique({ where: { checkoutSessionId: session } }))?.status).toBe(
      "pending",
    );

    // It stops reloading after a few minutes and says the receipt will come by email.
    const { html: later } = await getPage(`/ja/donate/thanks?session_id=${session}&refresh=36`);
    expect(text(later)).toContain(ja["donate.thanks.pendingTitle"]);
    expect(text(later)).toContain(
      ja["donate.thanks.pendingSlow"].replace("{amount}", formatMoney(3000, "JPY", "ja")),
    );
    expect(later).not.toContain('http-equiv="refresh"');
  });

  it("explains a konbini gift, paid days later at a shop, instead of reloading", async () => {
    const session = await donation("pending", { paymentMethodType: "konbini" });
    const { html } = await getPage(`/ja/donate/thanks?session_id=${session}`);
    expect(text(html)).toContain(ja["donate.thanks.pendingTitle"]);
    expect(text(html)).toContain(
      ja["donate.thanks.konbiniBody"].replace("{amount}", formatMoney(3000, "JPY", "ja")),
    );
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it("thanks the donor with the amount once the gift is recorded, in their language", async () => {
    const session = await donation("succeeded", { amount: 2500, currency: "USD", locale: "en" });
    for (const lang of LANGS) {
      const { html } = await getPage(`/${lang}/donate/thanks?session_id=${session}`);
      const amount = formatMoney(2500, "USD", lang);
      expect(text(html)).toContain(CATALOGUES[lang]["donate.thanks.once"].replace("{amount}", amount));
      expect(html).not.toContain('http-equiv="refresh"');
    }
    const monthly = await donation("succeeded", {
      kind: "monthly",
      amount: 10000,
      currency: "KRW",
      locale: "ko",
    });
    const { html } = await getPage(`/ko/donate/thanks?session_id=${monthly}`);
    expect(text(html)).toContain(
      ko["donate.thanks.monthly"].replace("{amount}", formatMoney(10000, "KRW", "ko")),
    );
  });

  it("says a failed payment charged nothing and leads back to the form", async () => {
    const { id } = await createCampaign({ slug: "failed-gift-campaign" });
    const session = await donation("failed", { campaignId: id });
    const { html } = await getPage(`/en/donate/thanks?session_id=${session}`);
    expect(text(html)).toContain(en["donate.thanks.failedTitle"]);
    expect(html).toContain('href="/en/campaigns/failed-gift-campaign/donate"');
  });

  it("is a neutral page for an unknown, malformed or missing session, with no detail", async () => {
    for (const query of ["?session_id=cs_test_doesnotexist123", "?session_id=%27%3B--", ""]) {
      const { response, html } = await getPage(`/en/donate/thanks${query}`, 404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(text(html)).toContain(en["donate.thanks.unknownTitle"]);
      expect(text(html)).toContain(en["donate.thanks.unknownBody"]);
    }
  });
});

describe("the canceled page", () => {
  it.each(LANGS)("in %s says nothing was charged and leads back to the form", async (lang) => {
    const { html } = await getPage(`/${lang}/donate/canceled`);
    expect(text(html)).toContain(CATALOGUES[lang]["donate.canceled.body"]);
    expect(html).toContain(`href="/${lang}/donate"`);
    const { html: campaign } = await getPage(`/${lang}/donate/canceled?campaign=${liveSlug}`);
    expect(campaign).toContain(`href="/${lang}/campaigns/${liveSlug}/donate"`);
    // Only a slug: anything else leads to the general form.
    const { html: odd } = await getPage(
      `/${lang}/donate/canceled?campaign=${encodeURIComponent("//evil.example")}`,
    );
    // (The language switcher keeps the query, percent-encoded, as on every page.)
    expect(/<main[^>]*>.*<\/main>/s.exec(odd)?.[0]).not.toContain("evil.example");
  });
});
