import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRequestLocale } from "~/i18n/locale.server";
import { findPublicCampaign } from "~/models/campaign.server";
import { countPublicSignatures } from "~/models/public-counts.server";

// The live count, small and cacheable for a few seconds, so pages cached by a CDN stay current.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const campaign = await findPublicCampaign(params.slug ?? "", getRequestLocale(request));
  if (!campaign) {
    return Response.json(
      { error: "No such campaign." },
      { status: 404, headers: { "Cache-Control": "public, max-age=5" } },
    );
  }
  const counts = await countPublicSignatures(campaign.id);
  return Response.json(
    {
      slug: campaign.slug,
      title: campaign.title,
      status: campaign.status,
      goal: campaign.signatureGoal,
      signatureCount: counts.total,
      countsByCountry: counts.byCountry,
      updatedAt: new Date().toISOString(),
    },
    {
      headers: {
        "Cache-Control": "public, max-age=5, s-maxage=5, stale-while-revalidate=30",
        Vary: "Accept-Language",
      },
    },
  );
}
