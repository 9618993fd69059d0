import Stripe from "stripe";
import type { StripeEvent } from "~/services/stripe-stand-in/types";

export type DeliveryResult = { eventId: string; type: string; status: number; body: string };

/** The body and `Stripe-Signature` header Stripe would send for this event, signed now. */
export function signEvent(event: StripeEvent, secret: string): { payload: string; signature: string } {
  // Stripe's webhook bodies are the event as pretty-printed JSON.
  const payload = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return { payload, signature };
}

/** POSTs one event as Stripe does: JSON body, a fresh signature per attempt. */
export async function deliverEvent(
  event: StripeEvent,
  options: { url: string; secret: string; timeoutMs?: number },
): Promise<DeliveryResult> {
  const { payload, signature } = signEvent(event, options.secret);
  const response = await fetch(options.url, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signature,
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    },
    body: payload,
    redirect: "manual",
    // Stripe waits a limited time for an answer, then counts the attempt as failed.
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
  });
  return { eventId: event.id, type: event.type, status: response.status, body: await response.text() };
}

/** Delivers each event in turn and reports every status (no retries: the caller decides). */
export async function deliverEvents(
  events: readonly StripeEvent[],
  options: { url: string; secret: string; timeoutMs?: number },
): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (const event of events) results.push(await deliverEvent(event, options));
  return results;
}
