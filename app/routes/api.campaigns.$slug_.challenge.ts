import type { LoaderFunctionArgs } from "@remix-run/node";
import { signChallengeFor } from "~/models/sign-challenge.server";

// The sign form asks here, once a signer starts filling it in, whether signing needs a proof of
// work right now (abnormal load: docs/decisions/0013), and gets a fresh challenge if so, with the
// line to show while the browser solves it, in the reader's language.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await signChallengeFor(request, params.slug ?? "", context.ipHash);
  const headers = { "Cache-Control": "no-store" };
  if (result === null) return Response.json({ error: "No such campaign." }, { status: 404, headers });
  return Response.json(result, { headers });
}
