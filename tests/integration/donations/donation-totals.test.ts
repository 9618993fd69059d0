import { describe, expect, it } from "vitest";
import { donationTotals, normalizedEmailSql } from "~/models/donation-totals.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { createCampaign } from "../../factories";
import { createDonation, createMonthlyGift } from "../../support/donations";

describe("donation totals", () => {
  it("keeps each currency apart, nets refunds, and counts each donor once", async () => {
    const campaign = await createCampaign();
    const other = await createCampaign();
    const id = campaign.id;
    // One person, three spellings of one Gmail address, in two currencies.
    await createDonation({ campaignId: id, amount: 2_500, currency: "USD", email: "Ann.Lee+give@gmail.com" });
    await createDonation({ campaignId: id, amount: 10_000, currency: "KRW", email: "annlee@googlemail.com" });
    await createDonation({ campaignId: id, amount: 5_000, currency: "KRW", email: " ann.lee@Gmail.com " });
    // Partly refunded: counts what was kept.
    await createDonation({
      campaignId: id,
      amount: 3_000,
      currency: "JPY",
      amountRefunded: 1_000,
      email: "b@example.jp",
    });
    // Wholly refunded, failed, pending, a lost dispute: nothing raised, no donor.
    await createDonation({
      campaignId: id,
      amount: 9_999,
      currency: "USD",
      status: "refunded",
      amountRefunded: 9_999,
      email: "c@example.org",
    });
    await createDonation({
      campaignId: id,
      amount: 9_999,
      currency: "USD",
      status: "failed",
      email: "d@example.org",
    });
    await createDonation({
      campaignId: id,
      amount: 9_999,
      currency: "USD",
      status: "pending",
      email: "e@example.org",
    });
    await createDonation({
      campaignId: id,
      amount: 9_999,
      currency: "EUR",
      disputeStatus: "lost",
      email: "f@example.org",
    });
    // A won dispute keeps its money.
    await createDonation({
      campaignId: id,
      amount: 1_000,
      currency: "GBP",
      disputeStatus: "won",
      email: "g@example.org",
    });
    // Another campaign's gift and a general one.
    await createDonation({ campaignId: other.id, amount: 7_700, currency: "USD", email: "h@example.org" });
    await createDonation({ campaignId: null, amount: 100, currency: "USD", email: "i@example.org" });

    const totals = await donationTotals(id);
    expect(totals.raised).toEqual([
      { currency: "KRW", amount: 15_000, gifts: 2 },
      { currency: "GBP", amount: 1_000, gifts: 1 },
      { currency: "JPY", amount: 2_000, gifts: 1 },
      { currency: "USD", amount: 2_500, gifts: 1 },
    ]);
    expect(totals.donors).toBe(3);

    const overall = await donationTotals();
    expect(overall.raised.find((row) => row.currency === "USD")).toEqual({
      currency: "USD",
      amount: 10_300,
      gifts: 3,
    });
    expect(overall.raised.map((row) => row.currency).sort()).toEqual(["GBP", "JPY", "KRW", "USD"]);
    expect(overall.donors).toBe(5);
  });

  it("counts active monthly donors, each person once, per campaign and overall", async () => {
    const campaign = await createCampaign();
    await createMonthlyGift({ campaignId: campaign.id, email: "m1@outlook.com" });
    await createMonthlyGift({
      campaignId: campaign.id,
      email: "M1+second@outlook.com",
      currency: "USD",
      amount: 500,
    });
    await createMonthlyGift({ campaignId: campaign.id, email: "m2@example.org" });
    await createMonthlyGift({ campaignId: campaign.id, status: "past_due", email: "m3@example.org" });
    await createMonthlyGift({ campaignId: campaign.id, status: "canceled", email: "m4@example.org" });
    await createMonthlyGift({ campaignId: null, email: "m5@example.org" });

    expect((await donationTotals(campaign.id)).activeMonthlyDonors).toBe(2);
    expect((await donationTotals()).activeMonthlyDonors).toBeGreaterThanOrEqual(3);
    const empty = await createCampaign();
    expect(await donationTotals(empty.id)).toEqual({ raised: [], donors: 0, activeMonthlyDonors: 0 });
  });

  it("normalises addresses in SQL exactly as normalizeEmail does", async () => {
    const samples = [
      "Ann.Lee+x@Gmail.com",
      "ann.lee@googlemail.com",
      "Bob+tag@Outlook.com",
      "+odd@hotmail.com",
      "Case.Kept+tag@Example.org",
      "  spaced@ICLOUD.com ",
      "a@b@proton.me",
      "no-at-sign",
    ];
    for (const sample of samples) {
      const [row] = await getPrisma().$queryRawUnsafe<{ normal: string }[]>(
        `SELECT ${normalizedEmailSql("$1::text")} AS normal`,
        sample,
      );
      expect(row!.normal, sample).toBe(normalizeEmail(sample));
    }
  });
});
