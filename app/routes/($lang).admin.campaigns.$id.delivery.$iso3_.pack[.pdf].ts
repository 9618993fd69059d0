// The delivery pack for one target mission as a PDF download (a resource route); the same
// document as the printable page, and the same rules: no names unless asked for, and never the
// names of North Korea signers or of an at-risk campaign's signers. Every download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam } from "~/i18n/locale.server";
import { openDeliveryPack } from "~/models/delivery-pack.server";
import { requireStaff } from "~/models/staff-session.server";
import { pdfBody, renderDeliveryPackPdf } from "~/services/delivery-pack/pdf.server";
import { safeFilename } from "~/utils/csv-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const opened = await openDeliveryPack(
    { params, searchParams: new URL(request.url).searchParams },
    { id: staff.user.id, ipHash: context.ipHash },
    "pdf",
  );
  if (!opened) throw new Response("Not Found", { status: 404 });
  const { pack } = opened;
  const pdf = await renderDeliveryPackPdf(pack);
  const filename = safeFilename(
    `rollcall-delivery-pack-${pack.missionIso3}-${pack.generatedAt.slice(0, 10)}.pdf`,
  );
  return new Response(pdfBody(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
