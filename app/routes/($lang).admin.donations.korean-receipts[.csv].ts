// The owner's file for issuing a year's Korean donation receipts: the one place the sealed
// resident registration numbers are opened (app/models/korean-receipt.server.ts). Owners only,
// only with DONOR_DATA_KEY set, audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam } from "~/i18n/locale.server";
import { requestedYear } from "~/models/donation-statement.server";
import { koreanReceiptsCsv, koreanReceiptsOffered } from "~/models/korean-receipt.server";
import { requireStaff } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "owner");
  assertLangParam(params);
  if (!koreanReceiptsOffered()) throw new Response("Not found", { status: 404 });
  const year = requestedYear(request);
  const body = await koreanReceiptsCsv(year, { userId: staff.user.id, ipHash: context.ipHash });
  return csvResponse(body, `korean-donation-receipts-${year}.csv`);
}
