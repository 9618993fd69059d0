// Every subscriber as CSV (a resource route), for owners and admins only: it is every address on
// the lists. Columns in app/models/export.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import {
  EXPORTS_BUSY,
  exportFilename,
  exportSubscribers,
  SubscriberExportFilterSchema,
} from "~/models/export.server";
import { requireStaff } from "~/models/staff-session.server";
import { csvResponse, exportsBusyResponse } from "~/utils/csv-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  assertLangParam(params);
  const filter = SubscriberExportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const exported = await exportSubscribers(filter, {
    id: staff.user.id,
    role: staff.user.role,
    ipHash: context.ipHash,
  });
  if (exported === EXPORTS_BUSY) {
    return exportsBusyResponse(getStaffMessages(getRequestLocale(request))["staff.exports.busy"]);
  }
  return csvResponse(exported.body, exportFilename("subscribers"));
}
