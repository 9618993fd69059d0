// Yearly statements: every donor of a calendar year (Seoul) once, their paid gifts less refunds,
// one email each, and never a second copy for the same year, even after the delivery rows are gone.
import { describe, expect, it } from "vitest";
import { composeTransactionalEmail } from "~/models/transactional-email.server";
import {
  listStatementDonors,
  queueYearlyStatements,
  STATEMENT_EMAIL,
} from "~/models/donation-statement.server";
import {
  action as statementsAction,
  loader as statementsLoader,
} from "~/routes/($lang).admin.donations.statements";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../../factories";
import { createDonation } from "../../support/donations";
import { signedInStaff, staffRequest, TEST_CONTEXT } from "../../support/staff";

async function clean() {
  await getPrisma().$executeRawUnsafe(
    "TRUNCATE donations, monthly_gifts, audit_log, email_deliveries CASCADE",
  );
}

/** Gifts of 2025 from two people (one under two spellings of one Gmail address) and some that do not count. */
async function seedYear() {
  await clean();
  const campaign = await createCampaign({ locales: ["en", "ko"] });
  const at = (iso: string) => ({ paidAt: new Date(iso), createdAt: new Date(iso) });
  await createDonation({
    email: "Ann.Lee@gmail.com",
    currency: "USD",
    amount: 2_500,
    ...at("2025-02-01T03:00:00Z"),
  });
  await createDonation({
    email: "annlee+tax@gmail.com",
    currency: "KRW",
    amount: 50_000,
    amountRefunded: 10_000,
    campaignId: campaign.id,
    kind: "monthly",
    locale: "ko",
    ...at("2025-07-01T03:00:00Z"),
  });
  // 31 December 2024, 23:30 in Seoul: last year's.
  await createDonation({ email: "ann.lee@gmail.com", amount: 9_900, ...at("2024-12-31T14:30:00Z") });
  // 1 January 2026, 00:30 in Seoul: next year's.
  await createDonation({ email: "ann.lee@gmail.com", amount: 9_800, ...at("2025-12-31T15:30:00Z") });
  await createDonation({
    email: "bo@example.jp",
    currency: "JPY",
    amount: 3_000,
    locale: "ja",
    ...at("2025-05-05T00:00:00Z"),
  });
  // Wholly refunded, failed, a lost dispute: not on any statement.
  await createDonation({
    email: "cy@example.org",
    status: "refunded",
    amountRefunded: 2_500,
    ...at("2025-03-03T00:00:00Z"),
  });
  await createDonation({ email: "cy@example.org", status: "failed", ...at("2025-03-04T00:00:00Z") });
  await createDonation({ email: "cy@example.org", disputeStatus: "lost", ...at("2025-03-05T00:00:00Z") });
  return campaign;
}

const NOW = new Date("2026-01-15T00:00:00Z");

describe("yearly donation statements", () => {
  it("lists each donor of the year once, with gifts and totals per currency, Seoul's calendar", async () => {
    await seedYear();
    const { donors, total } = await listStatementDonors(2025);
    expect(total).toBe(2);
    expect(donors).toEqual([
      {
        email: "annlee+tax@gmail.com",
        locale: "ko",
        gifts: 2,
        totals: [
          { currency: "KRW", amount: 40_000 },
          { currency: "USD", amount: 2_500 },
        ],
        queued: false,
      },
      {
        email: "bo@example.jp",
        locale: "ja",
        gifts: 1,
        totals: [{ currency: "JPY", amount: 3_000 }],
        queued: false,
      },
    ]);
    expect((await listStatementDonors(2026)).total).toBe(1);
  });

  it("queues one statement per donor, in their language, and a second run sends no second copy", async () => {
    const campaign = await seedYear();
    const owner = await signedInStaff("owner");
    expect(await queueYearlyStatements(2025, { userId: owner.userId }, NOW)).toEqual({ ok: true, queued: 2 });
    const deliveries = await getPrisma().emailDelivery.findMany({
      where: { kind: STATEMENT_EMAIL },
      orderBy: { toEmail: "asc" },
    });
    expect(deliveries.map((d) => [d.toEmail, d.locale])).toEqual([
      ["annlee+tax@gmail.com", "ko"],
      ["bo@example.jp", "ja"],
    ]);

    const korean = await composeTransactionalEmail(deliveries[0]!);
    expect(korean.to).toBe("annlee+tax@gmail.com");
    expect(korean.subject).toContain("2025년");
    expect(korean.text).toContain("US$25");
    expect(korean.text).toContain("₩40,000");
    expect(korean.text).toContain("₩10,000 환불 후");
    expect(korean.text).toContain(`${campaign.slug} title (ko), 정기 후원`);
    expect(korean.text).toContain("이 후원에 대한 대가로 제공된 물품이나 서비스는 없습니다");
    expect(korean.text).toContain("1 Sejong-daero");
    // Not last year's gift (US$99) nor next year's (US$98); the amounts, since a random campaign
    // slug may contain the digits.
    expect(korean.text).not.toContain("US$99");
    expect(korean.text).not.toContain("US$98");
    const japanese = await composeTransactionalEmail(deliveries[1]!);
    expect(japanese.text).toContain("￥3,000");

    expect(await queueYearlyStatements(2025, { userId: owner.userId }, NOW)).toEqual({ ok: true, queued: 0 });
    // The delivery rows are deleted after 30 days; the audit log still remembers who had theirs.
    await getPrisma().emailDelivery.deleteMany({});
    expect(await queueYearlyStatements(2025, { userId: owner.userId }, NOW)).toEqual({ ok: true, queued: 0 });
    expect((await listStatementDonors(2025)).donors.every((donor) => donor.queued)).toBe(true);

    // A gift recorded late, from a new donor: only they get one.
    await createDonation({ email: "late@example.org", paidAt: new Date("2025-12-30T00:00:00Z") });
    expect(await queueYearlyStatements(2025, { userId: owner.userId }, NOW)).toEqual({ ok: true, queued: 1 });
    expect(await getPrisma().emailDelivery.count({ where: { kind: STATEMENT_EMAIL } })).toBe(1);

    const runs = await getPrisma().auditLog.findMany({ where: { action: "donation.statements-queued" } });
    expect(runs).toHaveLength(4);
    expect(JSON.stringify(runs.map((run) => run.details))).not.toMatch(/@|example/);
  });

  it("queues two runs at once only once", async () => {
    await seedYear();
    const owner = await signedInStaff("owner");
    const results = await Promise.all([
      queueYearlyStatements(2025, { userId: owner.userId }, NOW),
      queueYearlyStatements(2025, { userId: owner.userId }, NOW),
    ]);
    expect(results.map((result) => (result.ok ? result.queued : -1)).sort()).toEqual([0, 2]);
    expect(await getPrisma().emailDelivery.count({ where: { kind: STATEMENT_EMAIL } })).toBe(2);
  });

  it("refuses a year that is not over, and drops a statement whose gifts were all refunded since", async () => {
    await seedYear();
    const owner = await signedInStaff("owner");
    expect(await queueYearlyStatements(2026, { userId: owner.userId }, NOW)).toEqual({
      ok: false,
      error: "year-not-over",
    });
    expect(
      await queueYearlyStatements(2025, { userId: owner.userId }, new Date("2025-12-31T14:00:00Z")),
    ).toEqual({
      ok: false,
      error: "year-not-over",
    });
    await queueYearlyStatements(2025, { userId: owner.userId }, NOW);
    await getPrisma().donation.updateMany({
      where: { email: "bo@example.jp" },
      data: { status: "refunded", amountRefunded: 3_000 },
    });
    const delivery = await getPrisma().emailDelivery.findFirstOrThrow({
      where: { toEmail: "bo@example.jp" },
    });
    await expect(composeTransactionalEmail(delivery)).rejects.toThrow(/refunded/);
  });

  it("runs from the owner's page: the list, then the button", async () => {
    await seedYear();
    const owner = await signedInStaff("owner");
    const page = await statementsLoader({
      request: staffRequest("/admin/donations/statements?year=2025", owner),
      params: {},
      context: TEST_CONTEXT,
    });
    expect(page).toMatchObject({ year: 2025, total: 2, canSend: true });
    const posted = await statementsAction({
      request: staffRequest("/admin/donations/statements", owner, { year: "2025" }),
      params: {},
      context: TEST_CONTEXT,
    });
    expect(posted).toEqual({ queued: 2, year: "2025" });
    const refused = await statementsAction({
      request: staffRequest("/admin/donations/statements", owner, { year: "2999" }),
      params: {},
      context: TEST_CONTEXT,
    });
    expect(refused).toMatchObject({ init: { status: 400 } });
  });
});
