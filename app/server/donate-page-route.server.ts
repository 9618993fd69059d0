// The donate pages' loader and action (/donate and /campaigns/:slug/donate), HTTP in and Response
// out, so the route modules hold only the page. The form's rules, its abuse checks and the call to
// Stripe are the donation model's (app/models/donation.server.ts).
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { loadDonatePage, requestDonation } from "~/models/donation.server";

// A post's answer is the poster's own (what they typed, where they pay): never cached.
const NO_STORE = { "Cache-Control": "no-store" };

/** The page's data, the same for every reader of a language; 404 for an unknown or closed campaign, or with payments off. */
export async function donatePageLoader(request: Request, params: Params, campaignSlug: string | null) {
  assertLangParam(params);
  const page = await loadDonatePage(getRequestLocale(request), campaignSlug);
  if (!page) throw new Response("Not Found", { status: 404 });
  return page;
}

/**
 * A donation: on to the payment page (303, so the browser GETs it), field errors with what was
 * typed (400), or "too many attempts" (429).
 */
export async function donatePageAction(
  request: Request,
  params: Params,
  context: AppLoadContext,
  campaignSlug: string | null,
) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  // No page, nothing to post to: payments off, or no such live campaign. Checked here because
  // Remix runs no loader after an action's 4xx, so the loader's 404 would not replace its answer.
  if (!(await loadDonatePage(locale, campaignSlug))) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const result = await requestDonation(form, context, { locale, campaignSlug });
  if (result.ok) return redirect(result.checkoutUrl, { status: 303, headers: NO_STORE });
  if ("busy" in result) return data({ busy: true as const }, { status: 429, headers: NO_STORE });
  return data(
    { busy: false as const, errors: result.errors, values: result.values },
    { status: 400, headers: NO_STORE },
  );
}
