// The donations CSV (ADR 0020: PostgreSQL writes it, streamed as written, audited before the first
// byte). The same filters as the staff list.
//
// Columns, for admins (who reconcile with Stripe): donation_id, kind, status, amount (in major
// units, as a person reads it: "25.00", "10000"), amount_minor, currency, amount_refunded_minor,
// dispute_status, payment_method, campaign (slug, blank for the general fund), monthly_gift_id,
// language, created_at_utc, paid_at_utc, failure_reason, and Stripe's ids (payment_intent_id,
// charge_id, invoice_id, subscription_id).
// Owners get who gave as well, after donation_id: email, donor_name, show_name, message. Who funds
// a human-rights NGO is what a state-backed intruder wants (THREATS.md), and owners are the ones
// who issue statements and receipts, so a phished admin's export names nobody.
import { streamExport, type CsvExport, type EXPORTS_BUSY, type ExportActor } from "~/models/export.server";
import { donationFilterSql, type DonationFilter } from "~/models/donation-admin.server";
import { formulaGuardSql as guarded } from "~/utils/csv-stream.server";
import type { StaffRoleName } from "~/utils/staff-roles";

const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** Whether `role` may see who gave: their address, name and message. */
export function exportsDonorIdentity(role: StaffRoleName): boolean {
  return role === "owner";
}

export function donationExportHeader(role: StaffRoleName): string[] {
  return [
    "donation_id",
    ...(exportsDonorIdentity(role) ? ["email", "donor_name", "show_name", "message"] : []),
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
  ];
}

// KRW and JPY have no minor unit; the others have a hundred (app/utils/money.ts).
const MAJOR_AMOUNT = `CASE WHEN d.currency IN ('KRW', 'JPY') THEN d.amount::text
  ELSE to_char(d.amount / 100.0, 'FM999999999990.00') END`;

/** Audits, then streams, the donations that `filter` selects, oldest first, with `actor.role`'s columns. */
export async function exportDonations(
  filter: DonationFilter,
  actor: ExportActor,
): Promise<CsvExport | typeof EXPORTS_BUSY> {
  const header = donationExportHeader(actor.role);
  const where = `WHERE ${donationFilterSql(filter)}`;
  // Donors' details are not even read for a role that may not see them.
  const identity = exportsDonorIdentity(actor.role)
    ? `${guarded("d.email")}, ${guarded("d.donor_name")}, d.show_name::text, ${guarded("d.message")},`
    : "";
  const select = `SELECT d.id, ${identity} d.kind, d.status, ${MAJOR_AMOUNT}, d.amount, d.currency,
      d.amount_refunded, d.dispute_status, ${guarded("d.payment_method_type")}, c.slug, d.monthly_gift_id,
      d.locale, ${isoUtc("d.created_at")}, ${isoUtc("d.paid_at")}, ${guarded("d.failure_reason")},
      ${guarded("d.payment_intent_id")}, ${guarded("d.charge_id")}, ${guarded("d.invoice_id")},
      ${guarded("d.subscription_id")}
    FROM donations d LEFT JOIN campaigns c ON c.id = d.campaign_id ${where}
    ORDER BY d.created_at, d.id`;
  return streamExport(header, `SELECT count(*)::int AS rows FROM donations d ${where}`, select, {
    actorId: actor.id,
    action: "export.donations",
    targetType: "donations",
    details: { ...filter, columns: header },
    ipHash: actor.ipHash,
  });
}
