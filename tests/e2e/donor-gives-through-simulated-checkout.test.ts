// A donor gives through the simulated checkout of local mode, in Chromium against the built app:
// the donate form, /dev/checkout/:id, the events the in-process worker delivers to our own
// /webhooks/stripe, the thanks page, the receipt in the outbox and the campaign's fundraising bar.
// The forms are plain HTML, so the paths run with JavaScript on and off.
import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatDonationAmount } from "~/emails/donation-format";
import emailEn from "~/emails/i18n/en.json";
import emailJa from "~/emails/i18n/ja.json";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import { createTranslator } from "~/i18n/translate";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatMoney } from "~/utils/money";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

// No Stripe key: payments are simulated (a loopback host, so even the production build offers them).
const e2e = useAppAndBrowser({ env: { STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" } });

const SLUG = "abductees-and-detainees";
const DELIVERY_JOB = "deliver-simulated-stripe-events";
// The donate form quietly refuses posts made faster than a person could fill it in (3 s).
const HUMAN_PAUSE_MS = 3_200;
// The worker polls every half second and the thanks page reloads itself every 5 s.
const WEBHOOK_TIMEOUT = { timeout: 20_000, interval: 250 };

const tJa = createTranslator("ja", ja);
const tEn = createTranslator("en", en);
const mailJa = createTranslator("ja", emailJa);
const mailEn = createTranslator("en", emailEn);

const at = (path: string) => e2e.app.baseUrl + path;

beforeAll(async () => {
  await getPrisma().campaign.update({
    where: { slug: SLUG },
    data: { donationGoal: 1_000_000, donationGoalCurrency: "JPY" },
  });
});

// Every browser here comes from 127.0.0.1, but each test is another donor: each starts with that
// network's hour clean. A 4th gift in an hour from one network needs a solved proof of work
// (DONATE_CHALLENGE), which a browser without JavaScript cannot send (donor-gives-under-abnormal-load).
beforeEach(async () => {
  await getPrisma().rateLimitCounter.deleteMany({ where: { key: { startsWith: "donate:ip:" } } });
});

type Gift = { frequency: "once" | "monthly"; amountLabel: string; email: string };

/** Fills in and sends the donate form as a person would; resolves on the checkout page with its session id. */
async function give(page: Page, path: string, t: typeof en, gift: Gift): Promise<string> {
  await page.goto(at(path));
  const opened = Date.now();
  await page.getByLabel(t[`donate.frequency.${gift.frequency}`], { exact: true }).check();
  await page.getByLabel(gift.amountLabel, { exact: true }).check();
  await page.getByLabel(t["donate.email"], { exact: true }).fill(gift.email);
  const wait = HUMAN_PAUSE_MS - (Date.now() - opened);
  if (wait > 0) await page.waitForTimeout(wait);
  await page.getByRole("button", { name: t["donate.submit"] }).click();
  await page.waitForURL(/\/dev\/checkout\/cs_\w+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function receiptsTo(email: string) {
  return getPrisma().outboxMessage.findMany({ where: { to: { has: email } } });
}

/** The simulated events' deliveries, by state: the webhook has answered once all are completed. */
async function deliveries(): Promise<{ completed: number; unfinished: number }> {
  const [row] = await getPrisma().$queryRaw<{ completed: number; unfinished: number }[]>`
    SELECT count(*) FILTER (WHERE state::text = 'completed')::int AS completed,
           count(*) FILTER (WHERE state::text <> 'completed')::int AS unfinished
    FROM pgboss.job WHERE name = ${DELIVERY_JOB}`;
  return row!;
}

describe("a donor giving through the simulated checkout", () => {
  it("gives ¥3,000 once on the Japanese campaign page, with JavaScript: thanks, receipt, fundraising bar", async () => {
    // A browser that asks for English: the checkout still speaks the donor's page's language.
    const context = await e2e.browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    const yen = formatMoney(3000, "JPY", "ja");
    expect(yen).toMatch(/^[¥￥]3,000$/);
    const email = "hanako.yamada@example.jp";

    const sessionId = await give(page, `/ja/campaigns/${SLUG}/donate`, ja, {
      frequency: "once",
      amountLabel: yen,
      email,
    });
    expect(await page.textContent("h1")).toBe(ja["devCheckout.title"]);
    expect(await page.locator('[lang="ja"] .dev-checkout').count()).toBe(1);
    expect(await page.locator(".dev-checkout [role=note]").textContent()).toBe(ja["devCheckout.testMode"]);
    expect(await page.getByTestId("amount").textContent()).toBe(yen);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const campaign = await getPrisma().campaign.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(
      await getPrisma().donation.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } }),
    ).toMatchObject({
      status: "pending",
      kind: "one_time",
      amount: 3000,
      currency: "JPY",
      locale: "ja",
      campaignId: campaign.id,
      paidAt: null,
    });

    await page.getByRole("button", { name: ja["devCheckout.payCard"] }).click();
    await page.waitForURL(/\/ja\/donate\/thanks\?session_id=cs_\w+/);
    expect(new URL(page.url()).searchParams.get("session_id")).toBe(sessionId);
    // Pending until the webhook records the payment; the page reloads itself until then.
    await expect.poll(() => page.textContent("h1"), WEBHOOK_TIMEOUT).toBe(ja["donate.thanks.title"]);
    expect(await page.getByRole("status").textContent()).toBe(tJa("donate.thanks.once", { amount: yen }));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const paid = await getPrisma().donation.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(paid).toMatchObject({
      status: "succeeded",
      amount: 3000,
      currency: "JPY",
      campaignId: campaign.id,
    });
    expect(paid.paidAt).not.toBeNull();
    expect(paid.paymentIntentId).toMatch(/^pi_/);

    await expect.poll(async () => (await receiptsTo(email)).length, WEBHOOK_TIMEOUT).toBe(1);
    const [receipt] = await receiptsTo(email);
    expect(receipt!.subject).toBe(mailJa("donation.receipt.subject", { orgName: getEnv().ORG_NAME }));
    expect(receipt!.text).toContain(formatDonationAmount(3000, "JPY", "ja"));
    expect(receipt!.text).toMatch(/[¥￥]3,000/);
    expect(receipt!.text).toContain(emailJa["donation.receipt.heading"]);

    // The page's totals are reused for up to 10 s, so the bar may lag the gift by that much.
    const raised = tJa("fundraising.raised", { amount: yen });
    await expect
      .poll(
        async () => {
          await page.goto(at(`/ja/campaigns/${SLUG}`));
          return page.getByTestId("fundraising-raised").textContent();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(raised);
    expect(watch).toEqual({ foreignRequests: [], consoleProblems: [] });
    await context.close();
  }, 90_000);

  it("gives $25 every month on the English donate page, without JavaScript: a monthly gift, active", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const email = "jordan.monthly@example.org";
    const sessionId = await give(page, "/en/donate", en, {
      frequency: "monthly",
      amountLabel: formatMoney(2500, "USD", "en"),
      email,
    });
    expect(await page.locator(".dev-checkout [role=note]").textContent()).toBe(en["devCheckout.testMode"]);
    expect(await page.getByTestId("amount").textContent()).toBe("$25.00");
    expect(await page.locator(".dev-checkout__summary").textContent()).toContain(en["devCheckout.monthly"]);

    await page.getByRole("button", { name: en["devCheckout.payCard"] }).click();
    await page.waitForURL(/\/en\/donate\/thanks\?session_id=cs_\w+/);
    // Without JavaScript the page's own refresh (a meta element) brings the news.
    await expect.poll(() => page.textContent("h1"), WEBHOOK_TIMEOUT).toBe(en["donate.thanks.title"]);
    expect(await page.getByRole("status").textContent()).toBe(
      tEn("donate.thanks.monthly", { amount: formatMoney(2500, "USD", "en") }),
    );

    const donation = await getPrisma().donation.findUniqueOrThrow({
      where: { checkoutSessionId: sessionId },
    });
    expect(donation).toMatchObject({
      status: "succeeded",
      kind: "monthly",
      amount: 2500,
      currency: "USD",
      locale: "en",
      campaignId: null,
    });
    expect(donation.monthlyGiftId).not.toBeNull();
    expect(donation.subscriptionId).toMatch(/^sub_/);
    await expect
      .poll(
        async () =>
          (await getPrisma().monthlyGift.findUnique({ where: { id: donation.monthlyGiftId! } }))?.status,
        WEBHOOK_TIMEOUT,
      )
      .toBe("active");
    expect(
      await getPrisma().monthlyGift.findUniqueOrThrow({ where: { id: donation.monthlyGiftId! } }),
    ).toMatchObject({ amount: 2500, currency: "USD", email, stripeSubscriptionId: donation.subscriptionId });

    await expect.poll(async () => (await receiptsTo(email)).length, WEBHOOK_TIMEOUT).toBe(1);
    const [receipt] = await receiptsTo(email);
    expect(receipt!.subject).toMatch(
      new RegExp(`^${mailEn("donation.receipt.subjectMonthly", { orgName: ".*", month: ".+" })}$`),
    );
    expect(receipt!.text).toContain(formatDonationAmount(2500, "USD", "en"));
    await context.close();
  }, 90_000);

  it.each([
    { javaScript: true, lang: "ja" as const, t: ja },
    { javaScript: false, lang: "en" as const, t: en },
  ])(
    "a declined card (JavaScript $javaScript): an error on the checkout, nothing paid, no receipt",
    async ({ javaScript, lang, t }) => {
      const context = await e2e.browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      const email = `declined-${lang}@example.org`;
      const amount = lang === "ja" ? 3000 : 2500;
      const currency = lang === "ja" ? "JPY" : "USD";
      const sessionId = await give(page, `/${lang}/donate`, t, {
        frequency: "once",
        amountLabel: formatMoney(amount, currency, lang),
        email,
      });
      const before = await deliveries();
      await page.getByRole("button", { name: t["devCheckout.fail"] }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toBe(t["devCheckout.failed"]);
      // Still on the checkout, still open: the donor can try again.
      expect(new URL(page.url()).pathname).toBe(`/dev/checkout/${sessionId}`);
      expect(await page.getByRole("button", { name: t["devCheckout.payCard"] }).isVisible()).toBe(true);
      // axe runs as a script in the page, so only where the page runs scripts.
      if (javaScript) expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // Wait until the failure's events (charge.failed, payment_intent.payment_failed) have been
      // delivered and answered, so "nothing recorded" is the webhook's doing, not its lateness.
      await expect
        .poll(async () => {
          const now = await deliveries();
          return now.unfinished === 0 && now.completed >= before.completed + 2;
        }, WEBHOOK_TIMEOUT)
        .toBe(true);
      const donation = await getPrisma().donation.findUniqueOrThrow({
        where: { checkoutSessionId: sessionId },
      });
      expect(donation).toMatchObject({
        status: "pending",
        paidAt: null,
        receiptQueuedAt: null,
        amountRefunded: 0,
      });
      expect(
        await getPrisma().donation.count({ where: { email, status: { in: ["succeeded", "refunded"] } } }),
      ).toBe(0);
      expect(await receiptsTo(email)).toEqual([]);

      // The thanks page, reached anyway, does not thank for a gift that was not paid.
      await page.goto(at(`/${lang}/donate/thanks?session_id=${sessionId}`));
      expect(await page.textContent("h1")).toBe(t["donate.thanks.pendingTitle"]);
      await context.close();
    },
    60_000,
  );
});
