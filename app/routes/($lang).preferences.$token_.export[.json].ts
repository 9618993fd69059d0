import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertLangParam } from "~/i18n/locale.server";
import { findSubscriberByPreferencesToken } from "~/models/preferences.server";
import { exportSubscriberData } from "~/models/subscriber-data.server";

// "What you hold about me": a download for the holder of a preferences link, never cached.
export async function loader({ params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const subscriber = await findSubscriberByPreferencesToken(params.token ?? "");
  if (!subscriber || subscriber.erased) throw new Response("Not Found", { status: 404 });
  const body = JSON.stringify(await exportSubscriberData(subscriber.id), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
