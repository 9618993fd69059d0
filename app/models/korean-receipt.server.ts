// Korean donation receipts (기부금 영수증). A donor who asks for one gives a resident registration
// number, which is sealed with DONOR_DATA_KEY in its own table, opened only for the owner's
// receipt-issuing export, and erased once the receipts are marked issued or the retention period
// ends. Without the key the option is not offered and nothing here runs.
import type { Prisma } from "~/generated/prisma/client";
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

/**
 * Every receipt still to issue for gifts paid in `year` (KST), with the sealed details opened.
 * A request sealed under another key is skipped and counted, never misread.
 */
export async function listKoreanReceiptsToIssue(year: number) {
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
  const rows: KoreanReceiptRow[] = [];
  let unreadable = 0;
  for (const request of requests) {
    if (request.keyId !== currentKey || !request.sealed) {
      unreadable++;
      continue;
    }
    const gifts = await getPrisma().donation.findMany({
      where: {
        currency: "KRW",
        status: { in: ["succeeded", "refunded"] },
        paidAt: { gte: from, lt: to },
        OR: [
          { id: request.donationId },
          ...(request.donation.monthlyGiftId ? [{ monthlyGiftId: request.donation.monthlyGiftId }] : []),
        ],
      },
      select: { amount: true, amountRefunded: true },
    });
    const totalKrw = gifts.reduce((sum, gift) => sum + gift.amount - gift.amountRefunded, 0);
    if (totalKrw <= 0) continue;
    const details = JSON.parse(
      openDonorData(key(), request.sealed, request.donationId),
    ) as KoreanReceiptDetails;
    rows.push({
      requestId: request.id,
      ...details,
      email: request.donation.email ?? "",
      totalKrw,
      gifts: gifts.length,
    });
  }
  return { rows, unreadable };
}

/** The receipts are issued: their numbers are erased at once; the request stays as a record. */
export async function markKoreanReceiptsIssued(requestIds: string[], now = new Date()): Promise<number> {
  const { count } = await getPrisma().koreanReceiptRequest.updateMany({
    where: { id: { in: requestIds }, issuedAt: null },
    data: { sealed: null, issuedAt: now, erasedAt: now },
  });
  return count;
}
