// Staff CSV exports: a campaign's signatures, the subscribers, the job failures. Each is streamed
// in keyset batches (app/utils/csv-stream.server.ts) and audited before its first byte leaves.
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
import { recordAudit } from "~/models/audit.server";
import { getPool, getPrisma } from "~/utils/db.server";
import { csvCell, csvStream, keysetBatches } from "~/utils/csv-stream.server";
import { hasRole, type StaffRoleName } from "~/utils/staff-roles";

/** Rows per query: large enough to amortise a round trip, small enough to stay a few MB. */
export const EXPORT_BATCH_SIZE = 5_000;

// Timestamps leave PostgreSQL already as ISO 8601 UTC text: no Date objects per cell.
const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const ALWAYS_FOLDED = "PRK";

export type ExportOptions = { batchSize?: number };
export type ExportActor = { id: string; role: StaffRoleName; ipHash?: string };

export type CsvExport = { header: string[]; rows: number; body: ReadableStream<Uint8Array> };

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

type SignatureRow = {
  id: string;
  name?: string | null;
  email?: string | null;
  status: string;
  flagged: boolean;
  flag_reason: string | null;
  country_iso3: string | null;
  from_dprk: boolean;
  display_choice: string;
  locale: string;
  wants_updates: boolean;
  created_at: string;
  confirmed_at: string | null;
  withdrawn_at: string | null;
};

export type ExportCampaign = { id: string; slug: string; privacyMode: string; sensitiveCountries: string[] };

export async function findExportCampaign(id: string): Promise<ExportCampaign | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return getPrisma().campaign.findUnique({
    where: { id },
    select: { id: true, slug: true, privacyMode: true, sensitiveCountries: true },
  });
}

function signatureWhere(filter: SignatureExportFilter) {
  return filter.status === "all" ? "" : `AND status = '${filter.status}'::"SignatureStatus"`;
}

/**
 * Audits, then streams, a campaign's signatures as CSV with the columns `actor.role` may see
 * (the header comment above). The row count in the audit entry is the one at the start.
 */
export async function exportSignatures(
  campaign: ExportCampaign,
  filter: SignatureExportFilter,
  actor: ExportActor,
  options: ExportOptions = {},
): Promise<CsvExport> {
  const personal = exportsPersonalData(actor.role);
  const header = signatureExportHeader(actor.role);
  const where = signatureWhere(filter);
  const pool = getPool();
  const { rows: counted } = await pool.query<{ rows: number }>(
    `SELECT count(*)::int AS rows FROM signatures WHERE campaign_id = $1::uuid ${where}`,
    [campaign.id],
  );
  const rows = counted[0]!.rows;
  await recordAudit({
    actorId: actor.id,
    action: "export.signatures",
    targetType: "campaign",
    targetId: campaign.id,
    details: { status: filter.status, rows, columns: header },
    ipHash: actor.ipHash,
  });
  // Names and addresses are not even read for a role that may not see them.
  const select = `SELECT id::text AS id, ${personal ? "name, email," : ""} status::text AS status,
      flagged, flag_reason, country_iso3, from_dprk, display_choice::text AS display_choice,
      locale::text AS locale, wants_updates, ${isoUtc("created_at")} AS created_at,
      ${isoUtc("confirmed_at")} AS confirmed_at, ${isoUtc("withdrawn_at")} AS withdrawn_at
    FROM signatures WHERE campaign_id = $1::uuid AND id > $2::uuid ${where}
    ORDER BY signatures.id LIMIT $3`;
  const folded = new Set([ALWAYS_FOLDED, ...campaign.sensitiveCountries.map((c) => c.trim().toUpperCase())]);
  const namesShown = campaign.privacyMode !== "at_risk";
  const toCells = (row: SignatureRow): string[] => {
    const country = row.country_iso3?.trim() ?? null;
    const hideCountry = row.from_dprk || (country !== null && folded.has(country));
    const cells = [csvCell(row.id)];
    if (personal) cells.push(csvCell(namesShown && !row.from_dprk ? row.name : null), csvCell(row.email));
    cells.push(
      csvCell(row.status),
      csvCell(row.flagged),
      csvCell(row.flag_reason),
      csvCell(hideCountry ? null : country),
      csvCell(row.display_choice),
      csvCell(row.locale),
      csvCell(row.wants_updates),
      csvCell(row.created_at),
      csvCell(row.confirmed_at),
      csvCell(row.withdrawn_at),
    );
    return cells;
  };
  const batches = keysetBatches<SignatureRow, string>(
    async (after, limit) => (await pool.query<SignatureRow>(select, [campaign.id, after, limit])).rows,
    NIL_UUID,
    (row) => row.id,
    toCells,
    options.batchSize ?? EXPORT_BATCH_SIZE,
  );
  return { header, rows, body: csvStream(header, batches) };
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

type SubscriberRow = {
  id: string;
  email: string;
  locale: string;
  status: string;
  lists: string;
  created_at: string;
  unsubscribed_at: string | null;
};

/** Audits, then streams, every subscriber (or those with one status) as CSV. Owners and admins. */
export async function exportSubscribers(
  filter: SubscriberExportFilter,
  actor: ExportActor,
  options: ExportOptions = {},
): Promise<CsvExport> {
  const where = filter.status === "all" ? "" : `AND s.status = '${filter.status}'::"SubscriberStatus"`;
  const pool = getPool();
  const { rows: counted } = await pool.query<{ rows: number }>(
    `SELECT count(*)::int AS rows FROM subscribers s WHERE true ${where}`,
  );
  const rows = counted[0]!.rows;
  await recordAudit({
    actorId: actor.id,
    action: "export.subscribers",
    targetType: "subscribers",
    details: { status: filter.status, rows, columns: SUBSCRIBER_EXPORT_HEADER },
    ipHash: actor.ipHash,
  });
  const select = `SELECT s.id::text AS id, s.email, s.locale::text AS locale, s.status::text AS status,
      coalesce((SELECT string_agg(coalesce(c.slug, '(organisation)'), ' ' ORDER BY c.slug NULLS FIRST)
        FROM subscriptions sub LEFT JOIN campaigns c ON c.id = sub.campaign_id
        WHERE sub.subscriber_id = s.id AND sub.status = 'active'), '') AS lists,
      ${isoUtc("s.created_at")} AS created_at, ${isoUtc("s.unsubscribed_at")} AS unsubscribed_at
    FROM subscribers s WHERE s.id > $1::uuid ${where} ORDER BY s.id LIMIT $2`;
  const batches = keysetBatches<SubscriberRow, string>(
    async (after, limit) => (await pool.query<SubscriberRow>(select, [after, limit])).rows,
    NIL_UUID,
    (row) => row.id,
    (row) =>
      [row.id, row.email, row.locale, row.status, row.lists, row.created_at, row.unsubscribed_at].map(
        csvCell,
      ),
    options.batchSize ?? EXPORT_BATCH_SIZE,
  );
  return { header: SUBSCRIBER_EXPORT_HEADER, rows, body: csvStream(SUBSCRIBER_EXPORT_HEADER, batches) };
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

type JobFailureRow = {
  id: string;
  queue: string;
  job_id: string;
  reason: string;
  attempts: number;
  failed_at: string;
  data: string;
};

/** Audits, then streams, every recorded job failure as CSV, oldest first. Admins. */
export async function exportJobFailures(actor: ExportActor, options: ExportOptions = {}): Promise<CsvExport> {
  const pool = getPool();
  const { rows: counted } = await pool.query<{ rows: number }>(
    `SELECT count(*)::int AS rows FROM job_failures`,
  );
  const rows = counted[0]!.rows;
  await recordAudit({
    actorId: actor.id,
    action: "export.job-failures",
    targetType: "job-failures",
    details: { rows },
    ipHash: actor.ipHash,
  });
  const select = `SELECT id::text AS id, queue, job_id, reason, attempts, ${isoUtc("failed_at")} AS failed_at,
      data::text AS data
    FROM job_failures WHERE job_failures.id > $1::bigint ORDER BY job_failures.id LIMIT $2`;
  const batches = keysetBatches<JobFailureRow, string>(
    async (after, limit) => (await pool.query<JobFailureRow>(select, [after, limit])).rows,
    "0",
    (row) => row.id,
    (row) => [row.id, row.queue, row.job_id, row.reason, row.attempts, row.failed_at, row.data].map(csvCell),
    options.batchSize ?? EXPORT_BATCH_SIZE,
  );
  return { header: JOB_FAILURE_EXPORT_HEADER, rows, body: csvStream(JOB_FAILURE_EXPORT_HEADER, batches) };
}

/** A file name for today's export of `what` (UTC date). */
export function exportFilename(what: string, now = new Date()): string {
  return `rollcall-${what}-${now.toISOString().slice(0, 10)}.csv`;
}
