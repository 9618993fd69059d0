import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/locales";
import { assertLangParam } from "~/i18n/locale.server";
import { requireStaff } from "~/models/staff-session.server";
import { composeUpdatePreview } from "~/models/update-admin.server";

// An update's email exactly as a subscriber in this language would get it: HTML by default, the
// plain-text part with ?format=text, and for a vote ?country=KOR shows that country's line. The
// HTML is campaigners' sanitised Markdown inside our template; it is still served under a
// sandboxing policy (app/server/security-headers.server.ts): no script, no network, no framing.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "viewer");
  assertLangParam(params);
  const locale = params.locale;
  if (!isLocale(locale)) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const country = url.searchParams.get("country");
  const preview = await composeUpdatePreview(params.id ?? "", locale, {
    countryIso3: country && /^[A-Z]{3}$/.test(country) ? country : null,
  });
  if (!preview) throw new Response("Not Found", { status: 404 });
  const text = url.searchParams.get("format") === "text";
  return new Response(text ? preview.message.text : preview.message.html, {
    headers: {
      "Content-Type": text ? "text/plain; charset=utf-8" : "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Content-Language": preview.locale,
    },
  });
}
