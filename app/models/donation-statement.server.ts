// Yearly statements: one email per donor per calendar year, listing every paid gift of that year
// less refunds (donors ask for these at tax time). A donor is one normalised address, as in the
// totals. The year is Korea's (the NGO's books are kept in Seoul).
//
// "At most once per donor and year" must hold for good, but transactional delivery rows are
// deleted after 30 days (retention.server.ts). So each run records, in its audit entry (which is
// never deleted), a keyed hash of each donor it queued a statement for; a later run skips those.
// Runs take a transaction-scoped advisory lock, so two owners pressing the button at once cannot
// both send.
import { z } from "zod";
import { Prisma, type Currency, type Locale } from "~/generated/prisma/client";
import { emailFooter } from "~/emails/compose.server";
import { renderDonationStatementEmail, type StatementGift } from "~/emails/donation-statement";
import type { RenderedEmail } from "~/emails/types";
import { recordAudit } from "~/models/audit.server";
import { normalizedEmailSql } from "~/models/donation-totals.server";
import { queueEmail } from "~/models/email-delivery.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { getEnv } from "~/utils/env.server";
import { keyedMac, verifyingKeys } from "~/utils/keys.server";

export const STATEMENT_EMAIL = "donation-statement";
const AUDIT_ACTION = "donation.statements-queued";
const MARK_PURPOSE = "donation-statement";

export const StatementYearSchema = z.coerce.number().int().min(2000).max(2100);

const StatementPayload = z.object({ year: StatementYearSchema });

/** The year's bounds: midnight on 1 January in Seoul (+09:00 all year) to the next. */
export function statementYearRange(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00+09:00`), to: new Date(`${year + 1}-01-01T00:00:00+09:00`) };
}

/** The year whose statements can be sent now: the last one that is over. */
export function lastFinishedYear(now = new Date()): number {
  return new Date(now.getTime() + 9 * 3_600_000).getUTCFullYear() - 1;
}

/** The year a staff page's `?year=` asks for; the last finished one when it asks for none or nonsense. */
export function requestedYear(request: Request): number {
  const parsed = StatementYearSchema.safeParse(new URL(request.url).searchParams.get("year"));
  return parsed.success ? parsed.data : lastFinishedYear();
}

const donorSql = Prisma.raw(normalizedEmailSql("email"));

/**
 * Gifts that belong on a statement of `year`: paid, kept (not wholly refunded, no lost dispute).
 * `d` is the donations table's alias in the query, if it has one.
 */
function yearGiftsWhere(year: number, d: "" | "d." = "") {
  const { from, to } = statementYearRange(year);
  const c = (column: string) => Prisma.raw(`${d}${column}`);
  const paidAt = Prisma.sql`coalesce(${c("paid_at")}, ${c("created_at")})`;
  return Prisma.sql`${c("status")} = 'succeeded' AND ${c("dispute_status")} IS DISTINCT FROM 'lost'
    AND ${c("email")} IS NOT NULL AND ${c("amount")} > ${c("amount_refunded")}
    AND ${paidAt} >= ${from} AND ${paidAt} < ${to}`;
}

/** A donor's mark under each key that still verifies (the current one first). */
function donorMarks(year: number, donor: string): string[] {
  return verifyingKeys(MARK_PURPOSE).map((key) =>
    keyedMac(MARK_PURPOSE, `${year}\0${donor}`, key).subarray(0, 16).toString("base64url"),
  );
}

type Db = Prisma.TransactionClient | ReturnType<typeof getPrisma>;

/** The marks of every donor already sent a statement for `year`. */
async function sentMarks(db: Db, year: number): Promise<Set<string>> {
  const runs = await db.auditLog.findMany({
    where: { action: AUDIT_ACTION, targetId: String(year) },
    select: { details: true },
  });
  const marks = new Set<string>();
  for (const run of runs) {
    const donors = (run.details as { donors?: unknown } | null)?.donors;
    if (Array.isArray(donors)) for (const mark of donors) if (typeof mark === "string") marks.add(mark);
  }
  return marks;
}

type DonorRow = { donor: string; email: string; locale: Locale };

/** Each donor of `year` once, with the address and language of their latest gift. */
async function yearDonors(db: Db, year: number, limit?: number): Promise<DonorRow[]> {
  return db.$queryRaw<DonorRow[]>`
    SELECT DISTINCT ON (donor) donor, email, locale FROM (
      SELECT ${donorSql} AS donor, trim(email) AS email, locale, coalesce(paid_at, created_at) AS at
      FROM donations WHERE ${yearGiftsWhere(year)}
    ) gifts
    ORDER BY donor, at DESC
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
}

export const STATEMENT_LIST_LIMIT = 500;

/**
 * The donors of `year` for the owner's page (the first STATEMENT_LIST_LIMIT by address), each with
 * their number of gifts, totals per currency, and whether their statement was already queued.
 */
export async function listStatementDonors(year: number) {
  const prisma = getPrisma();
  const [rows, [count], marks] = await Promise.all([
    prisma.$queryRaw<
      {
        donor: string;
        email: string;
        locale: Locale;
        gifts: number;
        totals: { currency: Currency; amount: number }[];
      }[]
    >`
      WITH gifts AS (
        SELECT ${donorSql} AS donor, trim(email) AS email, locale, currency, amount - amount_refunded AS kept,
          coalesce(paid_at, created_at) AS at
        FROM donations WHERE ${yearGiftsWhere(year)}
      ),
      latest AS (SELECT DISTINCT ON (donor) donor, email, locale FROM gifts ORDER BY donor, at DESC),
      listed AS (SELECT * FROM latest ORDER BY donor LIMIT ${STATEMENT_LIST_LIMIT}),
      per_currency AS (
        SELECT donor, currency, sum(kept)::bigint AS total, count(*)::int AS n FROM gifts
        WHERE donor IN (SELECT donor FROM listed) GROUP BY donor, currency
      )
      SELECT l.donor, l.email, l.locale, sum(p.n)::int AS gifts,
        json_agg(json_build_object('currency', p.currency, 'amount', p.total) ORDER BY p.currency::text) AS totals
      FROM listed l JOIN per_currency p USING (donor)
      GROUP BY l.donor, l.email, l.locale
      ORDER BY l.donor`,
    prisma.$queryRaw<{ donors: number }[]>`
      SELECT count(DISTINCT ${donorSql})::int AS donors FROM donations WHERE ${yearGiftsWhere(year)}`,
    sentMarks(prisma, year),
  ]);
  return {
    total: count?.donors ?? 0,
    donors: rows.map(({ donor, ...row }) => ({
      ...row,
      queued: donorMarks(year, donor).some((mark) => marks.has(mark)),
    })),
  };
}

export type QueueStatementsResult = { ok: true; queued: number } | { ok: false; error: "year-not-over" };

/**
 * Queues a statement email for every donor of `year` who has not had one, in one transaction with
 * the audit entry that remembers them. Running it again queues nothing for those donors.
 */
export async function queueYearlyStatements(
  year: number,
  actor: { userId: string; ipHash?: string },
  now = new Date(),
): Promise<QueueStatementsResult> {
  if (year > lastFinishedYear(now)) return { ok: false, error: "year-not-over" };
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('rollcall:donation-statements'))::text AS locked`;
      const marks = await sentMarks(tx, year);
      const donors = await yearDonors(tx, year);
      const fresh = donors.filter((row) => !donorMarks(year, row.donor).some((mark) => marks.has(mark)));
      for (const row of fresh) {
        await queueEmail(tx, {
          kind: STATEMENT_EMAIL,
          toEmail: row.email,
          locale: row.locale,
          payload: { year },
        });
      }
      await recordAudit(
        {
          actorId: actor.userId,
          action: AUDIT_ACTION,
          targetType: "donation-statements",
          targetId: String(year),
          // Keyed hashes, not addresses: the audit log is kept for good, a donor's address is not.
          details: {
            year,
            queued: fresh.length,
            donors: fresh.map((row) => donorMarks(year, row.donor)[0]!),
          },
          ipHash: actor.ipHash,
        },
        tx,
      );
      return { ok: true as const, queued: fresh.length };
    },
    { timeout: 120_000 },
  );
}

/** The gifts on `donor`'s statement of `year`, oldest first, campaign titles in `locale`. */
export async function statementGifts(year: number, donor: string, locale: Locale): Promise<StatementGift[]> {
  const rows = await getPrisma().$queryRaw<
    {
      paid_at: Date;
      amount: number;
      refunded: number;
      currency: Currency;
      kind: string;
      campaign: string | null;
    }[]
  >`
    SELECT coalesce(d.paid_at, d.created_at) AS paid_at, d.amount - d.amount_refunded AS amount,
      d.amount_refunded AS refunded, d.currency, d.kind,
      CASE WHEN c.id IS NULL THEN NULL ELSE coalesce(
        (SELECT title FROM campaign_translations WHERE campaign_id = c.id AND locale = ${locale}::"Locale" AND title <> ''),
        (SELECT title FROM campaign_translations WHERE campaign_id = c.id AND locale = c.source_locale),
        c.slug) END AS campaign
    FROM donations d LEFT JOIN campaigns c ON c.id = d.campaign_id
    WHERE ${yearGiftsWhere(year, "d.")} AND ${Prisma.raw(normalizedEmailSql("d.email"))} = ${donor}
    ORDER BY coalesce(d.paid_at, d.created_at), d.id`;
  return rows.map((row) => ({
    paidAt: row.paid_at,
    amount: row.amount,
    refunded: row.refunded,
    currency: row.currency,
    monthly: row.kind === "monthly",
    campaign: row.campaign,
  }));
}

/**
 * A queued statement as it is sent: the gifts as they stand now (a refund since the run shows),
 * or null when nothing is left to state, so the email is dropped.
 */
export async function composeDonationStatementEmail(delivery: {
  toEmail: string;
  locale: Locale;
  payload: unknown;
}): Promise<RenderedEmail | null> {
  const { year } = StatementPayload.parse(delivery.payload);
  const gifts = await statementGifts(year, normalizeEmail(delivery.toEmail), delivery.locale);
  if (gifts.length === 0) return null;
  return renderDonationStatementEmail({
    locale: delivery.locale,
    footer: emailFooter(delivery.locale),
    year,
    contactEmail: getEnv().ORG_CONTACT_EMAIL,
    gifts,
  });
}
