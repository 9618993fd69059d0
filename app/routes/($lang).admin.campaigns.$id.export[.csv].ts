// A campaign's signatures as CSV (a resource route). Campaigners get no names or addresses;
// owners and admins get both. The columns, and what never leaves, are in app/models/export.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import {
  EXPORTS_BUSY,
  exportFilename,
  exportSignatures,
  findExportCampaign,
  SignatureExportFilterSchema,
} from "~/models/export.server";
import { requireStaff } from "~/models/staff-session.server";
import { csvResponse, exportsBusyResponse } from "~/utils/csv-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const campaign = await findExportCampaign(params.id ?? "");
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const filter = SignatureExportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const exported = await exportSignatures(campaign, filter, {
    id: staff.user.id,
    role: staff.user.role,
    ipHash: context.ipHash,
  });
  if (exported === EXPORTS_BUSY) {
    return exportsBusyResponse(getStaffMessages(getRequestLocale(request))["staff.exports.busy"]);
  }
  return csvResponse(exported.body, exportFilename(`signatures-${campaign.slug}`));
}
