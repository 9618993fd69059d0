// Donations as people see them, in Chromium against the built app: a visitor reads a campaign's
// fundraising bar in three languages; an owner reads the donations list, its failed monthly
// charges (also on the dashboard), and sends the yearly statements. Every page passes axe.
import { expect, it } from "vitest";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";
import { createDonation, createMonthlyGift } from "../support/donations";
import { createStaffUser, signedInAs } from "../support/staff";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

const at = (path: string) => e2e.app.appUrl + path;

it("shows the fundraising bar, the staff list and the statements, all accessible", async () => {
  const campaign = await createCampaign({ slug: "fund-the-rescue" });
  await getPrisma().campaign.update({
    where: { id: campaign.id },
    data: { donationGoal: 1_000_000, donationGoalCurrency: "KRW" },
  });
  const lastYear = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 5, 1));
  await createDonation({
    campaignId: campaign.id,
    currency: "KRW",
    amount: 250_000,
    email: "a@example.org",
    paidAt: lastYear,
    createdAt: lastYear,
  });
  await createDonation({
    campaignId: campaign.id,
    currency: "USD",
    amount: 2_500,
    email: "b@example.org",
    paidAt: lastYear,
    createdAt: lastYear,
  });
  await createDonation({
    campaignId: campaign.id,
    currency: "JPY",
    amount: 3_000,
    email: "c@example.org",
    amountRefunded: 1_000,
    disputeStatus: "open",
  });
  await createMonthlyGift({ campaignId: campaign.id, status: "past_due", lastFailedAt: new Date() });

  const visitorContext = await e2e.browser.newContext();
  const visitor = await visitorContext.newPage();
  const watch = watchPage(visitor, e2e.app.appUrl);
  const expected = {
    en: "₩250,000 raised",
    ko: "₩250,000의 후원이 모였습니다",
    ja: "₩250,000の寄付が集まりました",
  };
  for (const [lang, text] of Object.entries(expected)) {
    await visitor.goto(at(`/${lang}/campaigns/fund-the-rescue`));
    await expect.poll(() => visitor.getByTestId("fundraising-raised").textContent()).toBe(text);
    expect(await seriousAccessibilityViolations(visitor), lang).toEqual([]);
  }
  await visitor.goto(at("/en/campaigns/fund-the-rescue"));
  await visitor.locator(".fundraising").screenshot({ path: "/tmp/fundraising-bar.png" });
  expect(watch.consoleProblems).toEqual([]);
  await visitorContext.close();

  const owner = await createStaffUser("owner");
  const session = await signedInAs(owner.id);
  const context = await e2e.browser.newContext();
  const [name, ...value] = session.cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: e2e.app.appUrl }]);
  const page = await context.newPage();

  await page.goto(at("/en/admin"));
  await page.getByTestId("failing-monthly-gifts").waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "See failed monthly charges" }).click();
  await page.getByTestId("failed-monthly").waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: "/tmp/donations-list.png", fullPage: true });

  await page.getByLabel("Status").selectOption("disputed");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect.poll(() => page.locator("tr[data-donation]").count()).toBe(1);

  for (const lang of ["ko", "ja"]) {
    await page.goto(at(`/${lang}/admin/donations`));
    await page.getByTestId("donation-totals").waitFor();
    expect(await seriousAccessibilityViolations(page), lang).toEqual([]);
  }

  await page.goto(at("/en/admin/donations/statements"));
  await page.getByRole("button", { name: /Email every statement/ }).click();
  await page.getByText(/2 statements queued/).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole("button", { name: /Email every statement/ }).click();
  await page.getByText(/No new statements/).waitFor();
  await context.close();
}, 180_000);
