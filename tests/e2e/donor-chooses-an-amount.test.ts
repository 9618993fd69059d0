import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import { PRESETS, formatMoney } from "~/utils/money";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

// With a key to seal them, the form offers the Korean donation receipt, which axe checks too.
const e2e = useAppAndBrowser({ env: { DONOR_DATA_KEY: randomBytes(32).toString("base64") } });

// The donate form in Chromium: it passes axe in every language, the chosen currency's presets show
// with JavaScript off (CSS alone), and with it on a preset chosen before the currency changes
// follows to the new currency, so a hidden one is never what is sent.
const presetLabel = (currency: "USD" | "KRW" | "JPY", index: number) =>
  formatMoney(PRESETS[currency][index]!, currency, "en");

describe("the donate form", () => {
  it.each(["en", "ko", "ja"])("passes axe in %s", async (lang) => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    await page.goto(`${e2e.app.baseUrl}/${lang}/donate`, { waitUntil: "networkidle" });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(watch).toEqual({ foreignRequests: [], consoleProblems: [] });
    await context.close();
  });

  it("passes axe with its errors showing, and the donor is pointed at each field", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/donate`, { waitUntil: "networkidle" });
    await page.getByLabel(en["donate.customAmount"]).fill("0.10");
    await page.getByLabel(en["donate.email"]).fill("not an address");
    // The receipt's details show only once it is asked for.
    expect(await page.getByLabel(en["donate.krReceipt.rrn"]).isVisible()).toBe(false);
    await page.getByLabel(en["donate.krReceipt.request"]).check();
    expect(await page.getByLabel(en["donate.krReceipt.rrn"]).isVisible()).toBe(true);
    await page.getByRole("button", { name: en["donate.submit"] }).click();
    await page.waitForURL(`${e2e.app.baseUrl}/en/donate`);
    expect(await page.getByRole("alert").textContent()).toBe(en["donate.errorSummary"]);
    // Each error is the field's description, so a screen reader reads it with the field.
    expect(await page.getByLabel(en["donate.email"]).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(en["donate.email"]).getAttribute("aria-describedby")).toContain(
      "donate-email-error",
    );
    expect(await page.locator("#donate-email-error").textContent()).toBe(en["donate.error.emailInvalid"]);
    expect(await page.locator("#donate-customAmount-error").textContent()).toContain("$");
    expect(await page.locator("#donate-krReceipt-error").textContent()).toBe(
      en["donate.error.krReceiptNeedsKrw"],
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it("shows the chosen currency's presets with JavaScript off", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/donate`);
    await expect.poll(() => page.getByLabel(presetLabel("USD", 1), { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel(presetLabel("KRW", 1), { exact: true }).isVisible()).toBe(false);

    await page.getByLabel(en["donate.currency"]).selectOption("KRW");
    await expect.poll(() => page.getByLabel(presetLabel("KRW", 1), { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel(presetLabel("USD", 1), { exact: true }).isVisible()).toBe(false);
    await context.close();
  });

  it("with JavaScript on, moves a chosen preset to the new currency and picks 'another amount' when one is typed", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/donate`, { waitUntil: "networkidle" });
    await page.getByLabel(presetLabel("USD", 2), { exact: true }).check();
    await page.getByLabel(en["donate.currency"]).selectOption("JPY");
    const jpy = page.getByLabel(presetLabel("JPY", 2), { exact: true });
    await expect.poll(() => jpy.isChecked()).toBe(true);
    expect(await jpy.isVisible()).toBe(true);
    expect(await page.getByLabel(presetLabel("USD", 2), { exact: true }).isChecked()).toBe(false);

    await page.getByLabel(en["donate.customAmount"]).fill("4500");
    expect(await page.getByLabel(en["donate.amountCustom"]).isChecked()).toBe(true);
    expect(await jpy.isChecked()).toBe(false);
    await context.close();
  });
});
