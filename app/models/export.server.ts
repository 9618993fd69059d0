// Staff CSV exports: a campaign's signatures, the subscribers, the job failures. PostgreSQL writes
// each one as CSV and it is streamed as written (app/utils/csv-stream.server.ts, ADR 0020), so the
// rules below are SQL; each export is audited before its first byte leaves.
//
// One phished account with export rights is every supporter's address (THREATS.md), so a file
// carries only what its reader's role needs, and some things never leave at all:
//
// Signatures of a campaign (campaigner and above):
//   campaigner: signature_id, status, flagged, flag_reason, country, display_choice, language,
//               wants_updates, created_at_utc, confirmed_at_utc, withdrawn_at_utc
//   owner, admin: the same with name and email after signature_id.
//   Never, for anyone: the IP hash, the postcode, the email key, the North Korea box itself.
//   A signer who ticked the North Korea box, or whose country the campaign folds away
//   (its sensitive countries), has a blank country, exactly like a signer from outside the UN;
//   a North Korea signer's name is blank too, and on an at-risk campaign every name is blank.
// Subscribers (owner, admin): subscriber_id, email, language, status, lists (slugs of the
//   campaigns whose updates they get, "(organisation)" for the NGO's own list), created_at_utc,
//   unsubscribed_at_utc.
// Job failures (admin): id, queue, job_id, reason, attempts, failed_at_utc, data (the job's JSON,
//   which holds ids, not addresses).
import { z } from "zod";
import { recordAudit, type AuditEntry } from "~/models/audit.server";
import { copyCsvBody, formulaGuardSql as guarded, sqlLiteral } from "~/utils/csv-stream.server";
import { getPrisma, openExportConnection } from "~/utils/db.server";
import { hasRole, type StaffRoleName } from "~/utils/staff-roles";

// Timestamps leave PostgreSQL as ISO 8601 UTC text.
const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const ALWAYS_FOLDED = "PRK";

export type ExportActor = { id: string; role: StaffRoleName; ipHash?: string };

export type CsvExport = { header: string[]; rows: number; body: ReadableStream<Uint8Array> };

/** Every export connection is in use (MAX_EXPORT_CONNECTIONS): the reader should try again soon. */
export const EXPORTS_BUSY = "busy";

/**
 * Opens an export connection, counts the rows, audits (with that count and `details`), and
 * returns the CSV of `select` as a stream. COPY takes no bind parameters, so every value spliced
 * into `select` and `countSql` is validated (a uuid, an enum member, an ISO code) and quoted.
 */
export async function streamExport(
  header: string[],
  countSql: string,
  select: string,
  audit: AuditEntry,
): Promise<CsvExport | typeof EXPORTS_BUSY> {
  const connection = await openExportConnection();
  if (!connection) return EXPORTS_BUSY;
  try {
    const counted = await connection.client.query<{ rows: number }>(countSql);
    const rows = counted.rows[0]!.rows;
    await recordAudit({ ...audit, details: { ...audit.details, rows } });
    return { header, rows, body: copyCsvBody(connection, header, select) };
  } catch (error) {
    connection.close("abort");
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Signatures

export const SignatureExportFilterSchema = z.object({
  status: z.enum(["all", "confirmed", "pending", "withdrawn"]).catch("all"),
});
export type SignatureExportFilter = z.infer<typeof SignatureExportFilterSchema>;

/** Whether `role` may see signers' names and addresses in an export. */
export function exportsPersonalData(role: StaffRoleName): boolean {
  return hasRole(role, "admin");
}

export function signatureExportHeader(role: StaffRoleName): string[] {
  return [
    "signature_id",
    ...(exportsPersonalData(role) ? ["name", "email"] : []),
    "status",
    "flagged",
    "flag_reason",
    "country",
    "display_choice",
    "language",
    "wants_updates",
    "created_at_utc",
    "confirmed_at_utc",
    "withdrawn_at_utc",
  ];
}

export type ExportCampaign = { id: string; slug: string; privacyMode: string; sensitiveCountries: string[] };

export async function findExportCampaign(id: string): Promise<ExportCampaign | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return getPrisma().campaign.findUnique({
    where: { id },
    select: { id: true, slug: true, privacyMode: true, sensitiveCountries: true },
  });
}

const ISO3 = /^[A-Z]{3}$/;

/**
 * Audits, then streams, a campaign's signatures as CSV with the columns `actor.role` may see
 * (the header comment above). The row count in the audit entry is the one at the start.
 */
export async function exportSignatures(
  campaign: ExportCampaign,
  filter: SignatureExportFilter,
  actor: ExportActor,
): Promise<CsvExport | typeof EXPORTS_BUSY> {
  const header = signatureExportHeader(actor.role);
  const campaignId = sqlLiteral(z.uuid().parse(campaign.id));
  const statusFilter =
    filter.status === "all" ? "" : `AND status = ${sqlLiteral(filter.status)}::"SignatureStatus"`;
  const where = `WHERE campaign_id = ${campaignId}::uuid ${statusFilter}`;
  const folded = [ALWAYS_FOLDED, ...campaign.sensitiveCountries.map((code) => code.trim().toUpperCase())]
    .filter((code) => ISO3.test(code))
    .map(sqlLiteral)
    .join(", ");
  const namesShown = campaign.privacyMode !== "at_risk";
  // Names and addresses are not even read for a role that may not see them.
  const personal = exportsPersonalData(actor.role)
    ? `${namesShown ? `CASE WHEN from_dprk THEN NULL ELSE ${guarded("name")} END` : "NULL"}, ${guarded("email")},`
    : "";
  const select = `SELECT id, ${personal} status, flagged::text, ${guarded("flag_reason")},
      CASE WHEN from_dprk OR upper(trim(country_iso3)) IN (${folded}) THEN NULL ELSE trim(country_iso3) END,
      display_choice, locale, wants_updates::text,
      ${isoUtc("created_at")}, ${isoUtc("confirmed_at")}, ${isoUtc("withdrawn_at")}
    FROM signatures ${where} ORDER BY id`;
  return streamExport(header, `SELECT count(*)::int AS rows FROM signatures ${where}`, select, {
    actorId: actor.id,
    action: "export.signatures",
    targetType: "campaign",
    targetId: campaign.id,
    details: { status: filter.status, columns: header },
    ipHash: actor.ipHash,
  });
}

// ---------------------------------------------------------------------------------------------
// Subscribers

export const SubscriberExportFilterSchema = z.object({
  status: z.enum(["all", "active", "pending", "unsubscribed"]).catch("all"),
});
export type SubscriberExportFilter = z.infer<typeof SubscriberExportFilterSchema>;

export const SUBSCRIBER_EXPORT_HEADER = [
  "subscriber_id",
  "email",
  "language",
  "status",
  "lists",
  "created_at_utc",
  "unsubscribed_at_utc",
];

/** Audits, then streams, every subscriber (or those with one status) as CSV. Owners and admins. */
export async function exportSubscribers(
  filter: SubscriberExportFilter,
  actor: ExportActor,
): Promise<CsvExport | typeof EXPORTS_BUSY> {
  // An erased subscriber's row is only a marker that keeps them from being added again (ADR 0021):
  // nobody's data, so not a row of this file.
  const statusFilter =
    filter.status === "all" ? "" : `AND s.status = ${sqlLiteral(filter.status)}::"SubscriberStatus"`;
  const where = `WHERE s.email_normal NOT LIKE 'erased:%' ${statusFilter}`;
  const select = `SELECT s.id, ${guarded("s.email")}, s.locale, s.status,
      coalesce((SELECT string_agg(coalesce(c.slug, '(organisation)'), ' ' ORDER BY c.slug NULLS FIRST)
        FROM subscriptions sub LEFT JOIN campaigns c ON c.id = sub.campaign_id
        WHERE sub.subscriber_id = s.id AND sub.status = 'active'), ''),
      ${isoUtc("s.created_at")}, ${isoUtc("s.unsubscribed_at")}
    FROM subscribers s ${where} ORDER BY s.id`;
  return streamExport(
    SUBSCRIBER_EXPORT_HEADER,
    `SELECT count(*)::int AS rows FROM subscribers s ${where}`,
    select,
    {
      actorId: actor.id,
      action: "export.subscribers",
      targetType: "subscribers",
      details: { status: filter.status, columns: SUBSCRIBER_EXPORT_HEADER },
      ipHash: actor.ipHash,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Job failures

export const JOB_FAILURE_EXPORT_HEADER = [
  "id",
  "queue",
  "job_id",
  "reason",
  "attempts",
  "failed_at_utc",
  "data",
];

/** Audits, then streams, every recorded job failure as CSV, oldest first. Admins. */
export async function exportJobFailures(actor: ExportActor): Promise<CsvExport | typeof EXPORTS_BUSY> {
  const select = `SELECT id, ${guarded("queue")}, ${guarded("job_id")}, ${guarded("reason")}, attempts,
      ${isoUtc("failed_at")}, ${guarded("data::text")}
    FROM job_failures ORDER BY id`;
  return streamExport(JOB_FAILURE_EXPORT_HEADER, `SELECT count(*)::int AS rows FROM job_failures`, select, {
    actorId: actor.id,
    action: "export.job-failures",
    targetType: "job-failures",
    ipHash: actor.ipHash,
  });
}

/** A file name for today's export of `what` (UTC date). */
export function exportFilename(what: string, now = new Date()): string {
  return `rollcall-${what}-${now.toISOString().slice(0, 10)}.csv`;
}
