import type { ActionFunctionArgs } from "@remix-run/node";
import { recordStripeEvent } from "~/models/stripe-event.server";
import { paymentsEnabled, verifyStripeEvent, WebhookSignatureError } from "~/services/stripe.server";
import { log } from "~/utils/logger.server";

// Stripe's webhook events, the only record of money (app/models/stripe-event.server.ts). The
// signature is checked on the raw body before anything reads it; anything unsigned, stale or
// tampered with gets 400 and changes nothing. An event type we do not handle gets 200.

const MAX_BODY_BYTES = 512 * 1024;

function reply(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return reply(405, { ok: false, error: "Use POST." });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, { ok: false, error: "Use POST." });
  if (!paymentsEnabled()) return reply(503, { ok: false, error: "Payments are not configured." });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return reply(413, { ok: false, error: "Payload too large." });
  }
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return reply(413, { ok: false, error: "Payload too large." });

  let event;
  try {
    event = verifyStripeEvent(body, request.headers.get("stripe-signature"));
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    log.warn("stripe webhook rejected", { reason: error.message.slice(0, 200) });
    return reply(400, { ok: false, error: "Invalid signature." });
  }
  const outcome = await recordStripeEvent(event);
  log.info("stripe webhook", { type: event.type, outcome });
  return reply(200, { ok: true, outcome });
}
