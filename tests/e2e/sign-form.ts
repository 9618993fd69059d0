import type { Page } from "playwright-core";
import en from "~/i18n/en.json";

// The form quietly flags posts made faster than a person could fill it in.
const HUMAN_PAUSE_MS = 3_200;

/** Fills in and submits the sign form as a person would: call it right after the page loads. */
export async function fillSignForm(
  page: Page,
  fields: { name: string; email: string; country: string },
  t = en,
) {
  const opened = Date.now();
  await page.getByLabel(t["sign.name"], { exact: true }).fill(fields.name);
  await page.getByLabel(t["sign.email"]).fill(fields.email);
  await page.getByLabel(t["sign.country"]).selectOption(fields.country);
  const wait = HUMAN_PAUSE_MS - (Date.now() - opened);
  if (wait > 0) await page.waitForTimeout(wait);
  await page.getByRole("button", { name: t["sign.submit"] }).click();
}
