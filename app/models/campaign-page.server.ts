// Everything the campaign page's loader and action need, behind one server module: the route
// stays thin, and the browser bundle gets one empty stand-in module instead of one per import.
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { getTranslator } from "~/i18n/catalog.server";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import type { Locale } from "~/i18n/locales";
import { councilYear, findLiveCampaignForSigning, findPublicCampaign } from "~/models/campaign.server";
import { countryNames, listMemberStates } from "~/models/country.server";
import { countPublicSignatures, listPublicRecentSigners } from "~/models/public-counts.server";
import { getEnv } from "~/utils/env.server";
import { formShownToken } from "~/utils/form-timing.server";
import { campaignShareImageUrl, campaignUrl } from "~/utils/public-url.server";
import { signAtCampaignPage } from "~/utils/sign-submission.server";

export async function findCampaignForRequest(request: Request, params: Params) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { campaign, locale };
}

const OG_LOCALES = { en: "en_US", ko: "ko_KR", ja: "ja_JP" } as const;

/**
 * The page's <title> and link-preview tags (Open Graph; Twitter falls back to them), built here
 * rather than in the route's meta function, which would ship to every browser.
 */
function campaignMeta(
  campaign: { slug: string; title: string; summary: string; textLocale: Locale },
  locale: Locale,
  url: string,
) {
  const t = getTranslator(locale);
  return [
    { title: t("document.title", { page: campaign.title, org: getEnv().ORG_NAME }) },
    { name: "description", content: campaign.summary },
    { property: "og:title", content: campaign.title },
    { property: "og:description", content: campaign.summary },
    { property: "og:url", content: url },
    { property: "og:locale", content: OG_LOCALES[campaign.textLocale] },
    // The share image (title, count, progress): app/routes/($lang).campaigns.$slug_.share[.png].ts
    { property: "og:image", content: campaignShareImageUrl(locale, campaign.slug) },
    { property: "og:image:type", content: "image/png" },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: campaign.title },
    { name: "twitter:card", content: "summary_large_image" },
    // X falls back to og:image but not to og:image:alt.
    { name: "twitter:image:alt", content: campaign.title },
  ];
}

async function loadCampaignPage(request: Request, params: Params) {
  const { campaign, locale } = await findCampaignForRequest(request, params);
  const shareUrl = campaignUrl(locale, campaign.slug);
  const [counts, recentSigners, countries] = await Promise.all([
    countPublicSignatures(campaign.id),
    listPublicRecentSigners(campaign.id),
    listMemberStates(locale),
  ]);
  return {
    campaign,
    year: councilYear(),
    counts,
    countryNames: await countryNames(Object.keys(counts.byCountry), locale),
    recentSigners,
    countries,
    formShown: formShownToken(),
    shareUrl,
    meta: campaignMeta(campaign, locale, shareUrl),
  };
}

/** The page's data. Cacheable by a CDN for a few seconds when no session cookie is sent. */
export async function campaignPageLoader(request: Request, params: Params) {
  const cacheable = !request.headers.get("cookie");
  return data(await loadCampaignPage(request, params), {
    headers: {
      "Cache-Control": cacheable
        ? "public, max-age=0, s-maxage=5, stale-while-revalidate=30"
        : "private, no-store",
    },
  });
}

/** The live campaign a posted signature is for; anything else (closed, unknown) is a 404. */
export async function findCampaignForSigning(request: Request, params: Params) {
  assertLangParam(params);
  const campaign = await findLiveCampaignForSigning(params.slug ?? "");
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { campaign, locale: getRequestLocale(request) };
}

/**
 * Signing: a 404 unless the campaign is live, field errors (400, with what was typed), or on to
 * the check-your-inbox page. Most valid posts never get here: see acceptCampaignPageSignature.
 */
export async function campaignPageAction(request: Request, params: Params, context: AppLoadContext) {
  assertLangParam(params);
  const result = await signAtCampaignPage({
    pathname: new URL(request.url).pathname,
    slug: params.slug ?? "",
    locale: getRequestLocale(request),
    form: await request.formData(),
    origin: context,
  });
  if (result.status === "not-found") throw new Response("Not Found", { status: 404 });
  const noStore = { "Cache-Control": "no-store" };
  if (result.status === "invalid")
    return data({ errors: result.errors, values: result.values }, { status: 400, headers: noStore });
  return redirect(result.next, { headers: noStore });
}
