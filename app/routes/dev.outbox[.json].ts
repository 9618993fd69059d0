import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertOutboxEnabled } from "~/models/outbox-access.server";
import { listOutboxMessages } from "~/models/outbox.server";

/** The outbox for scripts and tests: newest first, every part of every message. */
export async function loader({ request }: LoaderFunctionArgs) {
  await assertOutboxEnabled(request);
  const messages = await listOutboxMessages();
  return Response.json(
    messages.map((m) => ({
      id: m.id,
      to: m.to,
      from: m.from,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers,
      createdAt: m.createdAt.toISOString(),
    })),
    { headers: { "Cache-Control": "no-store" } },
  );
}
