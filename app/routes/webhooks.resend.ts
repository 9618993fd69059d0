import type { ActionFunctionArgs } from "@remix-run/node";
import { applyResendEvent, ResendEventSchema } from "~/models/resend-event.server";
import { verifyResendWebhook } from "~/services/resend-webhook.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/logger.server";

// Resend's delivery events. Only requests signed with RESEND_WEBHOOK_SECRET are believed; anything
// else gets 400 and changes nothing. A processed event id is never applied twice.

const MAX_BODY_BYTES = 256 * 1024;

function reply(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return reply(405, { ok: false, error: "Use POST." });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, { ok: false, error: "Use POST." });
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) return reply(503, { ok: false, error: "Webhooks are not configured." });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return reply(413, { ok: false, error: "Payload too large." });
  }
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return reply(413, { ok: false, error: "Payload too large." });

  const verified = verifyResendWebhook(body, request.headers, secret);
  if (!verified) {
    log.warn("resend webhook rejected", { reason: "bad or stale signature" });
    return reply(400, { ok: false, error: "Invalid signature." });
  }
  const event = ResendEventSchema.safeParse(verified.payload);
  if (!event.success) return reply(400, { ok: false, error: "Unrecognised event payload." });

  const outcome = await applyResendEvent(verified.eventId, event.data);
  log.info("resend webhook", { type: event.data.type, outcome });
  return reply(200, { ok: true, outcome });
}
