// The money goal: set in the staff editor (whole major units, stored in minor units), shown on the
// campaign page as a bar in the goal's currency with the other currencies beside it, never added.
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { FundraisingBar } from "~/components/campaign/fundraising-bar";
import { getMessages } from "~/i18n/catalog.server";
import type { Locale } from "~/i18n/locales";
import {
  createCampaign as createCampaignAsStaff,
  getCampaignForStaff,
  updateCampaign,
} from "~/models/campaign-admin.server";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { campaignFormValues } from "~/models/campaign-admin.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createCountry } from "../../factories";
import { createDonation } from "../../support/donations";
import { createStaffUser } from "../../support/staff";

function editorInput(fields: Record<string, string>) {
  const text = {
    title: "Title",
    summary: "Summary",
    petition: "Petition",
    background: "",
    shareText: "",
    outcome: "",
  };
  return {
    slug: `goal-${randomUUID().slice(0, 8)}`,
    sourceLocale: "en",
    signatureGoal: "1000",
    deadline: "",
    privacyMode: "normal",
    targets: ["FRA"],
    translations: { en: text, ko: text, ja: text },
    ...fields,
  };
}

async function actor() {
  return { userId: (await createStaffUser("campaigner")).id };
}

/** The bar as the page renders it, inside a router whose root data is the page language's catalogue. */
async function renderBar(page: NonNullable<Awaited<ReturnType<typeof loadCampaignPage>>>, locale: Locale) {
  const element = createElement(FundraisingBar, { fundraising: page.fundraising!, slug: page.campaign.slug });
  const routes = [
    { id: "root", path: "*", loader: () => ({ locale, messages: getMessages(locale) }), element },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(
    new Request(`http://localhost/${locale}/campaigns/${page.campaign.slug}`),
  );
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router, context, hydrate: false }));
}

describe("the money goal in the staff editor", () => {
  it("stores whole won as they are and whole dollars as cents, and shows them back as typed", async () => {
    await createCountry("FRA");
    const won = await createCampaignAsStaff(
      editorInput({ donationGoal: "5,000,000", donationGoalCurrency: "KRW" }),
      await actor(),
    );
    const dollars = await createCampaignAsStaff(
      editorInput({ donationGoal: "25000", donationGoalCurrency: "USD" }),
      await actor(),
    );
    const wonCampaign = await getCampaignForStaff((won as { id: string }).id);
    const dollarCampaign = await getCampaignForStaff((dollars as { id: string }).id);
    expect(wonCampaign).toMatchObject({ donationGoal: 5_000_000, donationGoalCurrency: "KRW" });
    expect(dollarCampaign).toMatchObject({ donationGoal: 2_500_000, donationGoalCurrency: "USD" });
    expect(campaignFormValues(dollarCampaign!).fields).toMatchObject({
      donationGoal: "25000",
      donationGoalCurrency: "USD",
    });

    // Emptying the amount removes the goal, and the change is audited by name.
    const id = dollarCampaign!.id;
    const saved = await updateCampaign(
      id,
      editorInput({ slug: dollarCampaign!.slug, donationGoal: "", donationGoalCurrency: "USD" }),
      await actor(),
    );
    expect(saved).toEqual({ ok: true, id });
    expect(await getCampaignForStaff(id)).toMatchObject({ donationGoal: null, donationGoalCurrency: null });
    const edited = await getPrisma().auditLog.findFirst({
      where: { targetId: id, action: "campaign.edited" },
    });
    expect(JSON.stringify(edited?.details)).toContain("donationGoal");
  });

  it("refuses a goal that is not a positive whole number, has no currency, or is too large", async () => {
    await createCountry("FRA");
    const cases: [Record<string, string>, Record<string, string>][] = [
      [
        { donationGoal: "0", donationGoalCurrency: "USD" },
        { donationGoal: "staff.donations.goal.error.amount" },
      ],
      [
        { donationGoal: "-5", donationGoalCurrency: "USD" },
        { donationGoal: "staff.donations.goal.error.amount" },
      ],
      [
        { donationGoal: "12.50", donationGoalCurrency: "USD" },
        { donationGoal: "staff.donations.goal.error.amount" },
      ],
      [
        { donationGoal: "1000", donationGoalCurrency: "" },
        { donationGoalCurrency: "staff.donations.goal.error.currency" },
      ],
      [
        { donationGoal: "1000", donationGoalCurrency: "BTC" },
        { donationGoalCurrency: "staff.donations.goal.error.currency" },
      ],
      // 30 million dollars is 3 billion cents: more than the column holds; 30 million won is fine.
      [
        { donationGoal: "30000000", donationGoalCurrency: "USD" },
        { donationGoal: "staff.donations.goal.error.amount" },
      ],
    ];
    for (const [fields, errors] of cases) {
      expect(await createCampaignAsStaff(editorInput(fields), await actor()), JSON.stringify(fields)).toEqual(
        {
          ok: false,
          errors,
        },
      );
    }
    expect(
      (
        await createCampaignAsStaff(
          editorInput({ donationGoal: "30000000", donationGoalCurrency: "KRW" }),
          await actor(),
        )
      ).ok,
    ).toBe(true);
  });
});

describe("the fundraising bar on the campaign page", () => {
  it("is absent without a money goal", async () => {
    const campaign = await createCampaign();
    await createDonation({ campaignId: campaign.id });
    const page = await loadCampaignPage(campaign.slug, "en");
    expect(page?.fundraising).toBeNull();
  });

  it("shows the goal's currency against the goal and lists the others apart, unconverted", async () => {
    const campaign = await createCampaign();
    await getPrisma().campaign.update({
      where: { id: campaign.id },
      data: { donationGoal: 1_000_000, donationGoalCurrency: "KRW" },
    });
    const id = campaign.id;
    await createDonation({ campaignId: id, currency: "KRW", amount: 30_000, email: "a@example.org" });
    await createDonation({
      campaignId: id,
      currency: "KRW",
      amount: 50_000,
      amountRefunded: 20_000,
      email: "b@example.org",
    });
    await createDonation({ campaignId: id, currency: "USD", amount: 2_500, email: "a@example.org" });
    await createDonation({ campaignId: id, currency: "JPY", amount: 3_000, email: "c@example.org" });
    await createDonation({
      campaignId: id,
      currency: "KRW",
      amount: 99_999,
      status: "pending",
      email: "d@example.org",
    });

    const page = await loadCampaignPage(campaign.slug, "en");
    expect(page?.fundraising).toMatchObject({
      goal: { amount: 1_000_000, currency: "KRW" },
      raised: 60_000,
      otherCurrencies: expect.arrayContaining([
        { currency: "USD", amount: 2_500 },
        { currency: "JPY", amount: 3_000 },
      ]),
      donors: 3,
    });

    const en = await renderBar(page!, "en");
    expect(en).toContain("₩60,000 raised");
    expect(en).toContain("Goal: ₩1,000,000");
    expect(en).toMatch(/<progress max="1000000" value="60000"/);
    expect(en).toContain("$25");
    expect(en).toContain("¥3,000");
    expect(en).toContain("3 donors");
    // Never a sum across currencies: no figure of 60,000 + 2,500 + 3,000 anywhere.
    expect(en).not.toMatch(/65,500|62,500|63,000/);

    const ko = await renderBar((await loadCampaignPage(campaign.slug, "ko"))!, "ko");
    expect(ko).toContain("₩60,000의 후원이 모였습니다");
    expect(ko).toContain("후원자 3명");
    const ja = await renderBar((await loadCampaignPage(campaign.slug, "ja"))!, "ja");
    expect(ja).toContain("寄付者3人");
  });

  it("fills the bar no further than the goal", async () => {
    const campaign = await createCampaign();
    await getPrisma().campaign.update({
      where: { id: campaign.id },
      data: { donationGoal: 10_000, donationGoalCurrency: "USD" },
    });
    await createDonation({ campaignId: campaign.id, currency: "USD", amount: 15_000 });
    const page = await loadCampaignPage(campaign.slug, "en");
    const html = await renderBar(page!, "en");
    expect(html).toMatch(/<progress max="10000" value="10000"/);
    expect(html).toContain("$150 raised");
    expect(html).not.toContain("fundraising-other");
  });
});
