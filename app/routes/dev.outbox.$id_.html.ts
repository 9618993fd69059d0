import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertOutboxEnabled } from "~/models/outbox-access.server";
import { findOutboxMessage } from "~/models/outbox.server";

// The message's HTML part as a mail client would show it. The security middleware serves this
// path with a sandboxing CSP (no scripts, no requests anywhere) that allows the email's inline styles.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await assertOutboxEnabled(request);
  const message = await findOutboxMessage(params.id ?? "");
  if (!message) throw new Response("Not Found", { status: 404 });
  return new Response(message.html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
