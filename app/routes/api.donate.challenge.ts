import type { LoaderFunctionArgs } from "@remix-run/node";
import { donateChallengeFor } from "~/models/donate-challenge.server";

// The donate form asks here, once a donor starts filling it in, whether giving needs a proof of
// work right now (abnormal load, card testing: DONATE_CHALLENGE), and gets a fresh challenge if so.
// Per network and per moment, so never cached. Read-only: no request-guard entry.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await donateChallengeFor(request, context.ipHash);
  const headers = { "Cache-Control": "no-store" };
  if (result === null) return Response.json({ error: "No such donate page." }, { status: 404, headers });
  return Response.json(result, { headers });
}
