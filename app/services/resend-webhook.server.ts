import { Webhook } from "standardwebhooks";

/**
 * Verifies a Resend webhook (Standard Webhooks, as sent with svix-* headers): the HMAC over the
 * raw body, and a timestamp within 5 minutes, against replays. Returns the event id and parsed
 * payload, or null when anything does not check out.
 */
export function verifyResendWebhook(
  rawBody: string,
  headers: Headers,
  secret: string,
): { eventId: string; payload: unknown } | null {
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signature) return null;
  try {
    const payload = new Webhook(secret).verify(rawBody, {
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": signature,
    });
    return { eventId: id, payload };
  } catch {
    return null;
  }
}
