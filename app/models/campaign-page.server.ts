// Everything the campaign page's loader and action need, behind one server module: the route
// stays thin, and the browser bundle gets one empty stand-in module instead of one per import.
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { localizePath, splitLocalePath } from "~/i18n/locales";
import { councilYear, findPublicCampaign } from "~/models/campaign.server";
import { countryNames, listMemberStates } from "~/models/country.server";
import { countSignatures, listRecentSigners } from "~/models/signature.server";
import { formShownToken } from "~/utils/form-timing.server";
import { submitSignature } from "~/utils/sign-submission.server";

export async function findCampaignForRequest(request: Request, params: Params) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { campaign, locale };
}

async function loadCampaignPage(request: Request, params: Params) {
  const { campaign, locale } = await findCampaignForRequest(request, params);
  const [counts, recentSigners, countries] = await Promise.all([
    countSignatures(campaign.id),
    listRecentSigners(campaign.id),
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
    shareUrl: new URL(request.url).origin + localizePath(locale, `/campaigns/${campaign.slug}`),
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

/** Signing: field errors (400, with what was typed) or on to the check-your-inbox page. */
export async function campaignPageAction(request: Request, params: Params, context: AppLoadContext) {
  const { campaign, locale } = await findCampaignForRequest(request, params);
  const result = await submitSignature(await request.formData(), campaign.id, locale, context);
  const noStore = { "Cache-Control": "no-store" };
  if (!result.ok)
    return data({ errors: result.errors, values: result.values }, { status: 400, headers: noStore });
  const { locale: prefix } = splitLocalePath(new URL(request.url).pathname);
  const next = `/campaigns/${campaign.slug}/check-email`;
  return redirect(prefix ? localizePath(prefix, next) : next, { headers: noStore });
}
