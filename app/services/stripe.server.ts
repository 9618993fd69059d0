// The one way the app talks to Stripe: the official SDK, pointed at Stripe itself (a key in the
// environment), at another host (STRIPE_API_BASE, the tests' stand-in), or, with no key on this
// machine, at the simulated Stripe in app/services/stripe-stand-in (same SDK, same requests,
// answered in-process). Webhooks are verified here, on the raw body, before anything reads them.
import Stripe from "stripe";
import { createSimulatedStripe } from "~/services/stripe-stand-in/client.server";
import { getEnv } from "~/utils/env.server";
import { currentKey } from "~/utils/keys.server";

/** Stripe's own default, stated so a change of SDK cannot widen it silently. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

let client: Stripe | undefined;

/** Whether donations can be taken at all (donate pages are not found when they cannot). */
export function paymentsEnabled(): boolean {
  return getEnv().payments !== "off";
}

export function getStripe(): Stripe {
  if (client) return client;
  const env = getEnv();
  if (env.payments === "off") throw new Error("Payments are off: STRIPE_SECRET_KEY is not set");
  if (env.payments === "simulated") {
    client = createSimulatedStripe({ webhookSecret: stripeWebhookSecret(), appUrl: env.APP_URL });
    return client;
  }
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
  client = new Stripe(env.STRIPE_SECRET_KEY!, {
    // Failed requests are retried by the SDK with the same idempotency key, so a retry never
    // creates a second session.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Rollcall" },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  return client;
}

/**
 * The secret webhooks are signed with: Stripe's (STRIPE_WEBHOOK_SECRET), or for the simulated
 * checkout one derived from APP_SECRET, so its events pass the very same verification.
 */
export function stripeWebhookSecret(): string {
  const env = getEnv();
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  return `whsec_${currentKey("stripe-simulated-webhook").toString("base64url")}`;
}

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

/** The event in a webhook request, or a WebhookSignatureError for a bad, stale or missing signature. */
export function verifyStripeEvent(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("No Stripe-Signature header");
  try {
    return Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      stripeWebhookSecret(),
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch (error) {
    throw new WebhookSignatureError(error instanceof Error ? error.message : String(error));
  }
}

/** For tests: forget the client so a changed environment takes effect. */
export function resetStripeClient(): void {
  client = undefined;
}
