// The campaign page's loader and action, HTTP in and Response out, kept out of the route module so
// that it holds only the page. (Public pages load no route modules in the browser, 0016.)
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { signAtCampaignPage } from "~/models/signing.server";

/** The page's data, the same for every reader (the route marks the page shared). */
export async function campaignPageLoader(request: Request, params: Params) {
  assertLangParam(params);
  const page = await loadCampaignPage(params.slug ?? "", getRequestLocale(request));
  if (!page) throw new Response("Not Found", { status: 404 });
  return page;
}

/**
 * Signing: a 404 unless the campaign is live, field errors (400, with what was typed), or on to
 * the check-your-inbox page.
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
  if (result.status === "invalid") {
    return data({ errors: result.errors, values: result.values }, { status: 400, headers: noStore });
  }
  return redirect(result.next, { headers: noStore });
}
