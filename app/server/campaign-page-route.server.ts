// The campaign page's loader and action, HTTP in and Response out, kept out of the route module so
// that it holds only the page. (Public pages load no route modules in the browser, 0016.)
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { samePrefixAs } from "~/i18n/locales";
import type { Params } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { findRenamedCampaignSlug } from "~/models/campaign.server";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { signAtCampaignPage } from "~/models/signing.server";

/** The page's data, the same for every reader (the route marks the page shared). */
export async function campaignPageLoader(request: Request, params: Params) {
  assertLangParam(params);
  const slug = params.slug ?? "";
  const page = await loadCampaignPage(slug, getRequestLocale(request));
  if (page) return page;
  // A slug the campaign had before it was renamed: links already shared keep working.
  const movedTo = await findRenamedCampaignSlug(slug);
  if (movedTo) throw redirect(samePrefixAs(new URL(request.url).pathname, `/campaigns/${movedTo}`), 301);
  throw new Response("Not Found", { status: 404 });
}

/**
 * Signing: a 404 for no such campaign, 409 with "signing has closed" once it is closed or past its
 * deadline, field errors (400, with what was typed), or on to the check-your-inbox page.
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
  if (result.status === "closed") {
    return data({ closed: true as const }, { status: 409, headers: noStore });
  }
  if (result.status === "invalid") {
    return data({ errors: result.errors, values: result.values }, { status: 400, headers: noStore });
  }
  return redirect(result.next, { headers: noStore });
}
