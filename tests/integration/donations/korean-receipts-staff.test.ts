// The owner's Korean donation receipts: the page names donors and won given but never a resident
// registration number; the CSV opens the numbers (formula-guarded, audited with a count only);
// marking receipts issued erases their numbers, after which no file contains them.
process.env.DONOR_DATA_KEY = Buffer.alloc(32, 9).toString("base64");

import { describe, expect, it } from "vitest";
import { recordKoreanReceiptRequest } from "~/models/korean-receipt.server";
import { loader as csvLoader } from "~/routes/($lang).admin.donations.korean-receipts[.csv]";
import {
  action as receiptsAction,
  loader as receiptsLoader,
} from "~/routes/($lang).admin.donations.korean-receipts";
import { getPrisma } from "~/utils/db.server";
import { signedInStaff, staffRequest, TEST_CONTEXT } from "../../support/staff";

const RRN = "900101-1234567";
// Response.text() would drop the byte-order mark; the file must keep it for Excel.
const fileText = async (response: Response) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());

async function requestedReceipt(email: string, legalName: string) {
  const donation = await getPrisma().donation.create({
    data: {
      kind: "one_time",
      status: "succeeded",
      amount: 100_000,
      currency: "KRW",
      locale: "ko",
      email,
      paidAt: new Date("2025-06-01T00:00:00Z"),
    },
  });
  await getPrisma().$transaction((tx) =>
    recordKoreanReceiptRequest(tx, donation.id, {
      legalName,
      rrn: RRN,
      address: "서울특별시 중구 세종대로 1",
    }),
  );
  return donation;
}

describe("the owner's Korean receipts", () => {
  it("lists donors without numbers, gives the numbers only in the audited file, and erases them once issued", async () => {
    const owner = await signedInStaff("owner");
    await requestedReceipt("kim@example.kr", "김민준");
    await requestedReceipt("formula@example.kr", '=HYPERLINK("https://evil.example")');

    const page = await receiptsLoader({
      request: staffRequest("/ko/admin/donations/korean-receipts?year=2025", owner),
      params: { lang: "ko" },
      context: TEST_CONTEXT,
    });
    expect(page.rows.map((row) => row.email).sort()).toEqual(["formula@example.kr", "kim@example.kr"]);
    expect(JSON.stringify(page)).not.toContain("1234567");

    const csv = await fileText(
      await csvLoader({
        request: staffRequest("/ko/admin/donations/korean-receipts.csv?year=2025", owner),
        params: { lang: "ko" },
        context: TEST_CONTEXT,
      }),
    );
    expect(csv.startsWith("\uFEFFrequest_id,legal_name,resident_registration_number")).toBe(true);
    expect(csv).toContain(`,김민준,${RRN},서울특별시 중구 세종대로 1,kim@example.kr,2025,100000,1`);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    const audits = await getPrisma().auditLog.findMany({ where: { action: "export.korean-receipts" } });
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.details)).not.toContain("1234567");

    const posted = await receiptsAction({
      request: staffRequest("/ko/admin/donations/korean-receipts", owner, {
        year: "2025",
        id: page.rows.map((row) => row.requestId),
      }),
      params: { lang: "ko" },
      context: TEST_CONTEXT,
    });
    expect(posted).toEqual({ issued: 2 });
    const left = await getPrisma().koreanReceiptRequest.findMany({ where: { sealed: { not: null } } });
    expect(left).toHaveLength(0);
    const after = await fileText(
      await csvLoader({
        request: staffRequest("/ko/admin/donations/korean-receipts.csv?year=2025", owner),
        params: { lang: "ko" },
        context: TEST_CONTEXT,
      }),
    );
    expect(after).not.toContain(RRN);
  });
});
