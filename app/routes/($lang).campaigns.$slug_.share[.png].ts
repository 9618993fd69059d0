import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { findPublicCampaign } from "~/models/campaign.server";
import { countSignatures } from "~/models/signature.server";
import { getShareImage } from "~/services/share-image/cache.server";
import { getEnv } from "~/utils/env.server";

// The campaign's link-preview image (og:image), /campaigns/:slug/share.png. A resource route: no
// component, so no JavaScript. Crawlers and CDNs may keep it for five minutes; the count on it
// lags by at most that, plus the minute the server keeps a rendered image.
export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign) {
    return new Response("Not Found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=60" },
    });
  }
  const counts = await countSignatures(campaign.id);
  const png = await getShareImage(campaign.slug, {
    // Staff may write a shorter line for the image; without one it shows the title.
    title: campaign.shareText.trim() || campaign.title,
    titleLocale: campaign.textLocale,
    count: counts.total,
    goal: campaign.signatureGoal,
    locale,
    orgName: getEnv().ORG_NAME,
  });
  const headers = new Headers({
    "Content-Type": "image/png",
    "Content-Length": String(png.byteLength),
    "Cache-Control": "public, max-age=300, s-maxage=300, stale-while-revalidate=3600",
  });
  // Without a language prefix the language comes from Accept-Language, so caches must key on it.
  if (!params.lang) headers.set("Vary", "Accept-Language");
  return new Response(new Uint8Array(png), { headers });
}
