import { z } from "zod";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import { DELIVER_SIMULATED_STRIPE_EVENTS_JOB } from "~/models/simulated-checkout.server";
import { stripeWebhookSecret } from "~/services/stripe.server";
import { deliverEvent } from "~/services/stripe-stand-in/deliver";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { getEnv } from "~/utils/env.server";

const EventSchema = z.looseObject({
  id: z.string().startsWith("evt_"),
  object: z.literal("event"),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.looseObject({ object: z.looseObject({ id: z.string(), object: z.string() }) }),
});

/**
 * Delivers one event of the simulated Stripe to our own /webhooks/stripe, signed afresh on each
 * attempt as Stripe signs each attempt. Anything but a 2xx answer is retried with backoff, as
 * Stripe retries, so a slow or failing webhook handler sees the same redelivery it would in
 * production.
 */
export const deliverSimulatedStripeEventsJob: JobDefinition<{ event: StripeEvent }> = {
  name: DELIVER_SIMULATED_STRIPE_EVENTS_JOB,
  concurrency: 2,
  retryLimit: 10,
  retryDelaySeconds: 2,
  retryBackoff: true,
  expireInSeconds: 60,
  parse: (data) => ({ event: z.object({ event: EventSchema }).parse(data).event as unknown as StripeEvent }),
  async run({ event }) {
    const env = getEnv();
    // Only the simulated Stripe's own events: with real keys, Stripe delivers its events itself.
    if (env.payments !== "simulated") {
      throw new PermanentJobError("Payments are not simulated: the simulated Stripe delivers nothing");
    }
    const url = `${env.APP_URL.replace(/\/+$/, "")}/webhooks/stripe`;
    const result = await deliverEvent(event, { url, secret: stripeWebhookSecret() });
    if (result.status < 200 || result.status >= 300) {
      throw new Error(`/webhooks/stripe answered ${result.status} to ${event.type} ${event.id}`);
    }
  },
};
