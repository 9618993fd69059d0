// The donations as CSV (a resource route) with the list's filters. Admins and owners: the columns
// by role are in app/models/donation-export.server.ts (who gave is in owners' files only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import { DonationFilterSchema } from "~/models/donation-admin.server";
import { exportDonations } from "~/models/donation-export.server";
import { EXPORTS_BUSY, exportFilename } from "~/models/export.server";
import { requireStaff } from "~/models/staff-session.server";
import { csvResponse, exportsBusyResponse } from "~/utils/csv-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  assertLangParam(params);
  const filter = DonationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const exported = await exportDonations(filter, {
    id: staff.user.id,
    role: staff.user.role,
    ipHash: context.ipHash,
  });
  if (exported === EXPORTS_BUSY) {
    return exportsBusyResponse(getStaffMessages(getRequestLocale(request))["staff.exports.busy"]);
  }
  return csvResponse(exported.body, exportFilename("donations"));
}
