// Donations as staff read them: the list with its filters, the monthly gifts whose charges fail,
// and the filter's SQL for the CSV export. Read-only: only Stripe's webhooks change a gift.
//
// Who gave is not on the list: amounts, states and dates are what reconciling with Stripe needs,
// and a donor's address leaves only in an owner's export or statement (export.server.ts).
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { sqlLiteral } from "~/utils/csv-stream.server";
import { getPrisma } from "~/utils/db.server";
import { CURRENCIES } from "~/utils/money";

/** What the status filter offers: the stored states, and any refund or any dispute across them. */
export const DONATION_STATUS_FILTERS = [
  "succeeded",
  "pending",
  "failed",
  "canceled",
  "refunded",
  "disputed",
] as const;

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

// Unknown values fall back to "any" rather than failing: these are GET parameters a person edits.
export const DonationFilterSchema = z.object({
  campaign: z
    .preprocess(emptyToUndefined, z.union([z.uuid(), z.literal("none")]).optional())
    .catch(undefined),
  currency: z.preprocess(emptyToUndefined, z.enum(CURRENCIES).optional()).catch(undefined),
  status: z.preprocess(emptyToUndefined, z.enum(DONATION_STATUS_FILTERS).optional()).catch(undefined),
  kind: z.preprocess(emptyToUndefined, z.enum(["one_time", "monthly"]).optional()).catch(undefined),
});
export type DonationFilter = z.infer<typeof DonationFilterSchema>;

export const DONATION_PAGE_SIZE = 50;

function whereFor(filter: DonationFilter): Prisma.DonationWhereInput {
  const where: Prisma.DonationWhereInput = {};
  if (filter.campaign === "none") where.campaignId = null;
  else if (filter.campaign) where.campaignId = filter.campaign;
  if (filter.currency) where.currency = filter.currency;
  if (filter.kind) where.kind = filter.kind;
  // "Refunded" is any gift with money given back, a partial refund (still succeeded) included.
  if (filter.status === "refunded") where.OR = [{ status: "refunded" }, { amountRefunded: { gt: 0 } }];
  else if (filter.status === "disputed") where.disputeStatus = { not: null };
  else if (filter.status) where.status = filter.status;
  return where;
}

/**
 * One page of gifts, newest first, after the gift `after` (keyset: the database seeks to that row
 * by (created_at, id), so a deep page costs what the first does). `older` names the next page.
 */
export async function listDonations(filter: DonationFilter, after?: string) {
  const cursor = after && z.uuid().safeParse(after).success ? { id: after } : undefined;
  const rows = await getPrisma().donation.findMany({
    where: whereFor(filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(cursor ? { cursor, skip: 1 } : {}),
    take: DONATION_PAGE_SIZE + 1,
    select: {
      id: true,
      kind: true,
      status: true,
      amount: true,
      currency: true,
      amountRefunded: true,
      disputeStatus: true,
      paymentMethodType: true,
      createdAt: true,
      paidAt: true,
      campaign: { select: { id: true, slug: true } },
    },
  });
  const page = rows.slice(0, DONATION_PAGE_SIZE);
  return {
    donations: page.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      paidAt: row.paidAt?.toISOString() ?? null,
    })),
    older: rows.length > DONATION_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}

/** The campaigns the filter offers: every campaign that has a gift or a money goal. */
export async function listDonationCampaigns() {
  return getPrisma().campaign.findMany({
    where: { OR: [{ donations: { some: {} } }, { donationGoal: { not: null } }] },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true },
  });
}

// A charge that failed more than this long ago, on a gift that is not past due, is old news.
const RECENT_FAILURE_MS = 30 * 86_400_000;

function failingWhere(now: Date): Prisma.MonthlyGiftWhereInput {
  return {
    OR: [
      { status: "past_due" },
      { status: { not: "canceled" }, lastFailedAt: { gte: new Date(now.getTime() - RECENT_FAILURE_MS) } },
    ],
  };
}

/** Monthly gifts whose charge is failing: past due, or a failure in the last 30 days. */
export async function listFailingMonthlyGifts(now = new Date(), take = 100) {
  const gifts = await getPrisma().monthlyGift.findMany({
    where: failingWhere(now),
    orderBy: [{ lastFailedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    take,
    select: {
      id: true,
      status: true,
      amount: true,
      currency: true,
      lastFailedAt: true,
      createdAt: true,
      campaign: { select: { slug: true } },
    },
  });
  return gifts.map((gift) => ({
    ...gift,
    lastFailedAt: gift.lastFailedAt?.toISOString() ?? null,
    createdAt: gift.createdAt.toISOString(),
  }));
}

/** How many monthly gifts are failing, for the staff dashboard. */
export async function countFailingMonthlyGifts(now = new Date()): Promise<number> {
  return getPrisma().monthlyGift.count({ where: failingWhere(now) });
}

/**
 * The same filter as a SQL condition over `donations d`, for the COPY export (which takes no bind
 * parameters): every value was checked by DonationFilterSchema and is quoted as a literal.
 */
export function donationFilterSql(input: DonationFilter): string {
  const filter = DonationFilterSchema.parse(input);
  const conditions = ["TRUE"];
  if (filter.campaign === "none") conditions.push("d.campaign_id IS NULL");
  else if (filter.campaign) conditions.push(`d.campaign_id = ${sqlLiteral(filter.campaign)}::uuid`);
  if (filter.currency) conditions.push(`d.currency = ${sqlLiteral(filter.currency)}::"Currency"`);
  if (filter.kind) conditions.push(`d.kind = ${sqlLiteral(filter.kind)}::"DonationKind"`);
  if (filter.status === "refunded") conditions.push(`(d.status = 'refunded' OR d.amount_refunded > 0)`);
  else if (filter.status === "disputed") conditions.push("d.dispute_status IS NOT NULL");
  else if (filter.status) conditions.push(`d.status = ${sqlLiteral(filter.status)}::"DonationStatus"`);
  return conditions.join(" AND ");
}
