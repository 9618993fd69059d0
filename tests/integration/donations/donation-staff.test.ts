// The staff side of donations: the list and its filters (keyset pages), failed monthly charges on
// the list and the dashboard, and the CSV export (columns by role, formula guard, audit, the limit
// of concurrent exports).
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { DONATION_PAGE_SIZE } from "~/models/donation-admin.server";
import { exportDonations } from "~/models/donation-export.server";
import { EXPORTS_BUSY, type CsvExport } from "~/models/export.server";
import { loader as dashboardLoader } from "~/routes/($lang).admin._index";
import { loader as listLoader } from "~/routes/($lang).admin.donations._index";
import { loader as exportLoader } from "~/routes/($lang).admin.donations.export[.csv]";
import { getPrisma, MAX_EXPORT_CONNECTIONS } from "~/utils/db.server";
import { createCampaign } from "../../factories";
import { createDonation, createMonthlyGift } from "../../support/donations";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

async function list(as: SignedIn, query = "") {
  return listLoader({
    request: staffRequest(`/admin/donations${query}`, as),
    params: {},
    context: TEST_CONTEXT,
  });
}

async function csv(as: SignedIn, query = "") {
  const response = (await exportLoader({
    request: staffRequest(`/admin/donations/export.csv${query}`, as),
    params: {},
    context: TEST_CONTEXT,
  })) as Response;
  expect(response.status).toBe(200);
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return { text, rows: parse(text, { columns: true, bom: true }) as Record<string, string>[] };
}

async function clean() {
  await getPrisma().$executeRawUnsafe("TRUNCATE donations, monthly_gifts, audit_log CASCADE");
}

describe("the donations list", () => {
  it("filters by campaign, currency, status (refunds and disputes included) and kind", async () => {
    await clean();
    const admin = await signedInStaff("admin");
    const campaign = await createCampaign();
    const paidKrw = await createDonation({ campaignId: campaign.id, currency: "KRW", amount: 30_000 });
    const partlyRefunded = await createDonation({ campaignId: campaign.id, amountRefunded: 500 });
    const refunded = await createDonation({ status: "refunded", amountRefunded: 2_500 });
    const disputed = await createDonation({ currency: "JPY", amount: 3_000, disputeStatus: "open" });
    const gift = await createMonthlyGift({ campaignId: campaign.id });
    const monthly = await createDonation({
      kind: "monthly",
      monthlyGiftId: gift.id,
      campaignId: campaign.id,
      currency: "KRW",
      amount: 10_000,
      invoiceId: "in_1",
    });
    const pending = await createDonation({
      status: "pending",
      paymentMethodType: "konbini",
      currency: "JPY",
    });

    const ids = async (query: string) => (await list(admin, query)).donations.map((row) => row.id).sort();
    const sorted = (...rows: { id: string }[]) => rows.map((row) => row.id).sort();
    expect(await ids(`?campaign=${campaign.id}`)).toEqual(sorted(paidKrw, partlyRefunded, monthly));
    expect(await ids("?campaign=none")).toEqual(sorted(refunded, disputed, pending));
    expect(await ids("?currency=KRW")).toEqual(sorted(paidKrw, monthly));
    expect(await ids("?status=refunded")).toEqual(sorted(partlyRefunded, refunded));
    expect(await ids("?status=disputed")).toEqual(sorted(disputed));
    expect(await ids("?status=pending")).toEqual(sorted(pending));
    expect(await ids("?kind=monthly")).toEqual(sorted(monthly));
    expect(await ids(`?campaign=${campaign.id}&currency=KRW&kind=one_time`)).toEqual(sorted(paidKrw));
    // Nonsense in the query is "any", not an error.
    expect(await ids("?status=stolen&currency=BTC&campaign=x'--")).toHaveLength(6);

    const page = await list(admin, "?status=refunded");
    const row = page.donations.find((entry) => entry.id === partlyRefunded.id)!;
    expect(row).toMatchObject({ amount: 2_500, currency: "USD", amountRefunded: 500, status: "succeeded" });
    expect(page.donations.find((entry) => entry.id === refunded.id)).toMatchObject({ status: "refunded" });
    // No donor's address or name on the page's data.
    expect(JSON.stringify(await list(admin))).not.toContain("@example.org");
    expect(page.filter).toEqual({ campaign: "", currency: "", status: "refunded", kind: "" });
  });

  it("pages newest first by keyset, each gift once, even when gifts share a timestamp", async () => {
    await clean();
    const admin = await signedInStaff("admin");
    const same = new Date("2026-06-01T00:00:00.123456Z");
    const total = DONATION_PAGE_SIZE * 2 + 7;
    for (let i = 0; i < total; i++) {
      await createDonation({ createdAt: i % 3 === 0 ? same : new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    }
    const seen: string[] = [];
    let query = "";
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const page = await list(admin, query);
      seen.push(...page.donations.map((row) => row.id));
      expect(page.paged).toBe(pageNo > 0);
      if (!page.older) break;
      query = `?after=${page.older}`;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const stored = await getPrisma().donation.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(stored.map((row) => row.id));
  });

  it("shows the totals per currency for the chosen campaign", async () => {
    await clean();
    const admin = await signedInStaff("admin");
    const campaign = await createCampaign();
    await createDonation({ campaignId: campaign.id, currency: "KRW", amount: 10_000 });
    await createDonation({ campaignId: campaign.id, currency: "USD", amount: 2_500 });
    await createDonation({ currency: "USD", amount: 100 });
    const page = await list(admin, `?campaign=${campaign.id}`);
    expect(page.totals.raised).toEqual([
      { currency: "KRW", amount: 10_000, gifts: 1 },
      { currency: "USD", amount: 2_500, gifts: 1 },
    ]);
    expect((await list(admin)).totals.raised.find((row) => row.currency === "USD")?.amount).toBe(2_600);
  });
});

describe("failed monthly charges", () => {
  it("lists past-due gifts and recent failures on the list, and counts them on the dashboard for admins", async () => {
    await clean();
    const now = Date.now();
    const pastDue = await createMonthlyGift({ status: "past_due", lastFailedAt: new Date(now - 86_400_000) });
    const recovered = await createMonthlyGift({
      status: "active",
      lastFailedAt: new Date(now - 3 * 86_400_000),
    });
    await createMonthlyGift({ status: "active", lastFailedAt: new Date(now - 60 * 86_400_000) });
    await createMonthlyGift({ status: "canceled", lastFailedAt: new Date(now - 86_400_000) });
    await createMonthlyGift({ status: "active" });

    const admin = await signedInStaff("admin");
    const page = await list(admin);
    expect(page.failing.map((gift) => gift.id)).toEqual([pastDue.id, recovered.id]);
    expect(JSON.stringify(page.failing)).not.toContain("@example.org");

    const dashboard = (as: SignedIn) =>
      dashboardLoader({ request: staffRequest("/admin", as), params: {}, context: TEST_CONTEXT });
    expect(await dashboard(admin)).toEqual({ failingMonthlyGifts: 2 });
    expect(await dashboard(await signedInStaff("owner"))).toEqual({ failingMonthlyGifts: 2 });
    // A campaigner cannot open the list, so the dashboard does not ask.
    expect(await dashboard(await signedInStaff("campaigner"))).toEqual({ failingMonthlyGifts: null });
  });
});

describe("the donations export", () => {
  async function seedForExport() {
    await clean();
    const slug = `export-${randomUUID().slice(0, 8)}`;
    const campaign = await createCampaign({ slug });
    const won = await createDonation({
      campaignId: campaign.id,
      currency: "KRW",
      amount: 10_000,
      email: "kim@example.kr",
      donorName: "김민준",
      showName: true,
      locale: "ko",
      paymentMethodType: "kakao_pay",
      paidAt: new Date("2026-03-01T01:02:03Z"),
    });
    const dollars = await createDonation({
      amount: 2_550,
      amountRefunded: 550,
      disputeStatus: "won",
      email: "=cmd@example.org",
      donorName: '=HYPERLINK("http://evil.example","click")',
      message: "+1 for the cause",
      failureReason: "-card_declined",
    });
    return { campaign, won, dollars, slug };
  }

  it("gives admins amounts, states and Stripe's ids, but not who gave", async () => {
    const { won, dollars, slug } = await seedForExport();
    const admin = await signedInStaff("admin");
    const { text, rows } = await csv(admin);
    expect(Object.keys(rows[0]!)).toEqual([
      "donation_id",
      "kind",
      "status",
      "amount",
      "amount_minor",
      "currency",
      "amount_refunded_minor",
      "dispute_status",
      "payment_method",
      "campaign",
      "monthly_gift_id",
      "language",
      "created_at_utc",
      "paid_at_utc",
      "failure_reason",
      "payment_intent_id",
      "charge_id",
      "invoice_id",
      "subscription_id",
    ]);
    expect(text).not.toContain("kim@example.kr");
    expect(text).not.toContain("김민준");
    expect(text).not.toContain("HYPERLINK");
    const wonRow = rows.find((row) => row.donation_id === won.id)!;
    expect(wonRow).toMatchObject({
      amount: "10000",
      amount_minor: "10000",
      currency: "KRW",
      campaign: slug,
      payment_method: "kakao_pay",
      language: "ko",
      paid_at_utc: "2026-03-01T01:02:03Z",
      status: "succeeded",
    });
    const dollarRow = rows.find((row) => row.donation_id === dollars.id)!;
    expect(dollarRow).toMatchObject({
      amount: "25.50",
      amount_minor: "2550",
      amount_refunded_minor: "550",
      dispute_status: "won",
      campaign: "",
      failure_reason: "'-card_declined",
    });
    expect(dollarRow.payment_intent_id).toBe(dollars.paymentIntentId);
  });

  it("gives owners who gave, with every cell a donor typed guarded against formulas", async () => {
    const { dollars, won } = await seedForExport();
    const owner = await signedInStaff("owner");
    const { rows } = await csv(owner);
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual([
      "donation_id",
      "email",
      "donor_name",
      "show_name",
      "message",
      "kind",
    ]);
    expect(rows.find((row) => row.donation_id === won.id)).toMatchObject({
      email: "kim@example.kr",
      donor_name: "김민준",
      show_name: "true",
    });
    expect(rows.find((row) => row.donation_id === dollars.id)).toMatchObject({
      email: "'=cmd@example.org",
      donor_name: `'=HYPERLINK("http://evil.example","click")`,
      message: "'+1 for the cause",
    });
  });

  it("exports what the filters select, and audits each export with its filters and columns", async () => {
    const { campaign, won } = await seedForExport();
    const admin = await signedInStaff("admin");
    const { rows } = await csv(admin, `?campaign=${campaign.id}&currency=KRW&status=succeeded&kind=one_time`);
    expect(rows.map((row) => row.donation_id)).toEqual([won.id]);
    expect((await csv(admin, "?status=disputed")).rows).toHaveLength(1);
    expect((await csv(admin, "?status=refunded")).rows).toHaveLength(1);
    const entries = await getPrisma().auditLog.findMany({
      where: { action: "export.donations" },
      orderBy: { id: "asc" },
    });
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ actorId: admin.userId, targetType: "donations" });
    expect(entries[0]!.details).toMatchObject({ campaign: campaign.id, currency: "KRW", rows: 1 });
    expect((entries[0]!.details as { columns: string[] }).columns).not.toContain("email");
  });

  it("runs at most the export limit at once; the next is refused and audits nothing", async () => {
    await seedForExport();
    const owner = await signedInStaff("owner");
    const actor = { id: owner.userId, role: "owner" as const };
    const open: CsvExport[] = [];
    for (let i = 0; i < MAX_EXPORT_CONNECTIONS; i++)
      open.push((await exportDonations({}, actor)) as CsvExport);
    expect(await exportDonations({}, actor)).toBe(EXPORTS_BUSY);
    const response = (await exportLoader({
      request: staffRequest("/admin/donations/export.csv", owner),
      params: {},
      context: TEST_CONTEXT,
    })) as Response;
    expect(response.status).toBe(503);
    expect(await getPrisma().auditLog.count({ where: { action: "export.donations" } })).toBe(
      MAX_EXPORT_CONNECTIONS,
    );
    for (const exported of open) await exported.body.cancel();
  });
});

describe("audit labels", () => {
  it("names the donation actions in every language", () => {
    for (const messages of Object.values(STAFF_CATALOGUES)) {
      for (const action of ["export.donations", "donation.statements-queued"]) {
        const label = (messages as Record<string, string>)[`staff.people.audit.action.${action}`];
        expect(label, action).toBeTruthy();
        expect(label).not.toContain(action);
      }
    }
  });
});
