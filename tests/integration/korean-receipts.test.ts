// Korean receipt requests in the database: sealed beside the gift, listed for the owner's export
// with a year's won net of refunds (a monthly gift's every charge), erased when issued, erased by
// retention when never issued, and skipped (not misread) under another key.
process.env.DONOR_DATA_KEY = Buffer.alloc(32, 7).toString("base64");

import { describe, expect, it } from "vitest";
import {
  listKoreanReceiptsToIssue,
  markKoreanReceiptsIssued,
  recordKoreanReceiptRequest,
} from "~/models/korean-receipt.server";
import { applyRetention } from "~/models/retention.server";
import { getPrisma } from "~/utils/db.server";

const DETAILS = { legalName: "김민준", rrn: "900101-1234567", address: "서울특별시 중구 세종대로 1" };

async function gift(options: {
  amount: number;
  paidAt: string;
  refunded?: number;
  monthlyGiftId?: string;
  currency?: "KRW" | "USD";
}) {
  return getPrisma().donation.create({
    data: {
      kind: options.monthlyGiftId ? "monthly" : "one_time",
      status: "succeeded",
      amount: options.amount,
      amountRefunded: options.refunded ?? 0,
      currency: options.currency ?? "KRW",
      locale: "ko",
      email: "donor@example.kr",
      paidAt: new Date(options.paidAt),
      monthlyGiftId: options.monthlyGiftId ?? null,
    },
  });
}

describe("Korean receipt requests", () => {
  it("seals the number so the row shows none of it", async () => {
    const donation = await gift({ amount: 50_000, paidAt: "2026-03-01T00:00:00Z" });
    await getPrisma().$transaction((tx) => recordKoreanReceiptRequest(tx, donation.id, DETAILS));
    const row = await getPrisma().koreanReceiptRequest.findUniqueOrThrow({
      where: { donationId: donation.id },
    });
    expect(Buffer.from(row.sealed!).toString("utf8")).not.toMatch(/900101|김민준|세종대로/);
  });

  it("lists a monthly gift's won for the year net of refunds, then erases the number once issued", async () => {
    const monthly = await getPrisma().monthlyGift.create({
      data: { amount: 30_000, currency: "KRW", locale: "ko", status: "active", email: "donor@example.kr" },
    });
    const first = await gift({ amount: 30_000, paidAt: "2025-12-20T00:00:00Z", monthlyGiftId: monthly.id });
    await gift({ amount: 30_000, paidAt: "2026-01-20T00:00:00Z", monthlyGiftId: monthly.id });
    await gift({
      amount: 30_000,
      paidAt: "2026-02-20T00:00:00Z",
      monthlyGiftId: monthly.id,
      refunded: 10_000,
    });
    await getPrisma().$transaction((tx) => recordKoreanReceiptRequest(tx, first.id, DETAILS));

    const { rows } = await listKoreanReceiptsToIssue(2026);
    const mine = rows.find((row) => row.rrn === DETAILS.rrn && row.gifts === 2);
    expect(mine).toMatchObject({ legalName: "김민준", address: DETAILS.address, totalKrw: 50_000, gifts: 2 });

    expect(await markKoreanReceiptsIssued([mine!.requestId])).toBe(1);
    const issued = await getPrisma().koreanReceiptRequest.findUniqueOrThrow({
      where: { id: mine!.requestId },
    });
    expect(issued.sealed).toBeNull();
    expect(issued.issuedAt).not.toBeNull();
    expect(
      (await listKoreanReceiptsToIssue(2026)).rows.some((row) => row.requestId === mine!.requestId),
    ).toBe(false);
  });

  it("skips a request sealed under another key, and erases unissued numbers after the retention period", async () => {
    const donation = await gift({ amount: 10_000, paidAt: "2026-05-01T00:00:00Z" });
    await getPrisma().$transaction((tx) => recordKoreanReceiptRequest(tx, donation.id, DETAILS));
    await getPrisma().koreanReceiptRequest.update({
      where: { donationId: donation.id },
      data: { keyId: "another-key" },
    });
    const { rows, unreadable } = await listKoreanReceiptsToIssue(2026);
    expect(unreadable).toBeGreaterThanOrEqual(1);
    expect(rows.some((row) => row.requestId === donation.id)).toBe(false);

    await getPrisma().koreanReceiptRequest.update({
      where: { donationId: donation.id },
      data: { createdAt: new Date(Date.now() - 401 * 86_400_000) },
    });
    const report = await applyRetention();
    expect(report.koreanReceiptNumbers).toBeGreaterThanOrEqual(1);
    const erased = await getPrisma().koreanReceiptRequest.findUniqueOrThrow({
      where: { donationId: donation.id },
    });
    expect(erased.sealed).toBeNull();
    expect(erased.erasedAt).not.toBeNull();
  });
});
