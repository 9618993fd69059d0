// The donate pages' loader and action (/donate and /campaigns/:slug/donate), HTTP in and Response
// out, so the route modules hold only the page. The form's rules, its abuse checks and the call to
// Stripe are the donation model's (app/models/donation.server.ts).
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { loadDonatePage, requestDonation } from "~/models/donation.server";
import { paymentsEnabled } from "~/services/stripe.server";

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
  // With payments off there is no page to post to (the loader says 404 too).
  if (!paymentsEnabled()) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const result = await requestDonation(form, context, { locale: getRequestLocale(request), campaignSlug });
  if (result.ok) return redirect(result.checkoutUrl, { status: 303, headers: NO_STORE });
  if ("busy" in result) return data({ busy: true as const }, { status: 429, headers: NO_STORE });
  return data(
    { busy: false as const, errors: result.errors, values: result.values },
    { status: 400, headers: NO_STORE },
  );
}
