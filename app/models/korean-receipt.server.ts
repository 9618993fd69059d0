// Korean donation receipts (기부금 영수증). A donor who asks for one gives a resident registration
// number, which is sealed with DONOR_DATA_KEY in its own table, opened only for the owner's
// receipt-issuing export, and erased once the receipts are marked issued or the retention period
// ends. Without the key the option is not offered and nothing here runs.
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/models/audit.server";
import { csvBodyOf } from "~/utils/csv-stream.server";
import { getPrisma } from "~/utils/db.server";
import { donorKeyId, openDonorData, sealDonorData } from "~/utils/donor-data-seal.server";
import { getEnv } from "~/utils/env.server";
import type { KoreanReceiptDetails } from "~/utils/korean-receipt-form";

type Tx = Prisma.TransactionClient;

export function koreanReceiptsOffered(): boolean {
  return getEnv().DONOR_DATA_KEY !== undefined;
}

function key(): string {
  const value = getEnv().DONOR_DATA_KEY;
  if (!value) throw new Error("DONOR_DATA_KEY is not set");
  return value;
}

/** Seals the details beside the gift, bound to it: the sealed bytes open for no other row. */
export async function recordKoreanReceiptRequest(tx: Tx, donationId: string, details: KoreanReceiptDetails) {
  await tx.koreanReceiptRequest.create({
    data: {
      donationId,
      keyId: donorKeyId(key()),
      sealed: sealDonorData(key(), JSON.stringify(details), donationId),
    },
  });
}

export type KoreanReceiptRow = {
  requestId: string;
  legalName: string;
  rrn: string;
  address: string;
  email: string;
  /** Won given in the year, net of refunds: a monthly gift's every charge in that year. */
  totalKrw: number;
  gifts: number;
};

/** A receipt to issue, without its sealed details: what the owner's page may show. */
export type KoreanReceiptDue = { requestId: string; email: string; totalKrw: number; gifts: number };

/**
 * Every receipt still to issue for gifts paid in `year` (KST), nothing opened: a year's won per
 * request (a monthly gift's every charge, net of refunds), in two queries however many requests.
 * A request sealed under another key is counted as unreadable, never misread.
 */
async function receiptsDue(year: number) {
  const from = new Date(Date.UTC(year, 0, 1) - 9 * 3_600_000);
  const to = new Date(Date.UTC(year + 1, 0, 1) - 9 * 3_600_000);
  const requests = await getPrisma().koreanReceiptRequest.findMany({
    where: { sealed: { not: null }, issuedAt: null },
    select: {
      id: true,
      donationId: true,
      keyId: true,
      sealed: true,
      donation: { select: { email: true, monthlyGiftId: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const currentKey = donorKeyId(key());
  const readable = requests.filter((request) => request.keyId === currentKey && request.sealed);
  const monthlyGiftIds = readable.flatMap((request) => request.donation.monthlyGiftId ?? []);
  const gifts = await getPrisma().donation.findMany({
    where: {
      currency: "KRW",
      status: { in: ["succeeded", "refunded"] },
      paidAt: { gte: from, lt: to },
      OR: [
        { id: { in: readable.map((request) => request.donationId) } },
        { monthlyGiftId: { in: monthlyGiftIds } },
      ],
    },
    select: { id: true, monthlyGiftId: true, amount: true, amountRefunded: true },
  });
  const due = [];
  for (const request of readable) {
    const giftId = request.donation.monthlyGiftId;
    const own = gifts.filter(
      (gift) => gift.id === request.donationId || (giftId !== null && gift.monthlyGiftId === giftId),
    );
    const totalKrw = own.reduce((sum, gift) => sum + gift.amount - gift.amountRefunded, 0);
    if (totalKrw > 0) due.push({ request, totalKrw, gifts: own.length });
  }
  return { due, unreadable: requests.length - readable.length };
}

/** The receipts to issue for `year`, for the owner's page: who and how much, no number opened. */
export async function listKoreanReceiptsDue(year: number) {
  const { due, unreadable } = await receiptsDue(year);
  const rows: KoreanReceiptDue[] = due.map(({ request, totalKrw, gifts }) => ({
    requestId: request.id,
    email: request.donation.email ?? "",
    totalKrw,
    gifts,
  }));
  return { rows, unreadable };
}

/** The same receipts with their sealed details opened: only for the owner's receipt file. */
export async function listKoreanReceiptsToIssue(year: number) {
  const { due, unreadable } = await receiptsDue(year);
  const rows: KoreanReceiptRow[] = due.map(({ request, totalKrw, gifts }) => ({
    requestId: request.id,
    ...(JSON.parse(openDonorData(key(), request.sealed!, request.donationId)) as KoreanReceiptDetails),
    email: request.donation.email ?? "",
    totalKrw,
    gifts,
  }));
  return { rows, unreadable };
}

type Actor = { userId: string; ipHash: string };

const CSV_HEADER = [
  "request_id",
  "legal_name",
  "resident_registration_number",
  "address",
  "email",
  "year",
  "total_krw",
  "gifts",
] as const;

/**
 * The owner's file for issuing a year's receipts (for example through the National Tax Service's
 * electronic donation receipt system): the only place the numbers are ever opened. Audited with
 * the count, never the contents.
 */
export async function koreanReceiptsCsv(year: number, actor: Actor): Promise<string> {
  const { rows } = await listKoreanReceiptsToIssue(year);
  await recordAudit({
    actorId: actor.userId,
    action: "export.korean-receipts",
    targetType: "donation",
    details: { year, rows: rows.length },
    ipHash: actor.ipHash,
  });
  return csvBodyOf(
    CSV_HEADER,
    rows.map((row) => [
      row.requestId,
      row.legalName,
      row.rrn,
      row.address,
      row.email,
      year,
      row.totalKrw,
      row.gifts,
    ]),
  );
}

/** Marks the chosen requests of a year's list issued (erasing their numbers), audited. */
export async function issueKoreanReceipts(year: number, requestIds: string[], actor: Actor): Promise<number> {
  const listed = new Set((await listKoreanReceiptsDue(year)).rows.map((row) => row.requestId));
  const chosen = requestIds.filter((id) => listed.has(id));
  const count = await markKoreanReceiptsIssued(chosen);
  await recordAudit({
    actorId: actor.userId,
    action: "donation.korean-receipts-issued",
    targetType: "donation",
    details: { year, count },
    ipHash: actor.ipHash,
  });
  return count;
}

/** The receipts are issued: their numbers are erased at once; the request stays as a record. */
export async function markKoreanReceiptsIssued(requestIds: string[], now = new Date()): Promise<number> {
  const { count } = await getPrisma().koreanReceiptRequest.updateMany({
    where: { id: { in: requestIds }, issuedAt: null },
    data: { sealed: null, issuedAt: now, erasedAt: now },
  });
  return count;
}
