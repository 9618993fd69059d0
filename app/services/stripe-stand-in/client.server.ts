// WORK IN PROGRESS (issue 12): the simulated Stripe for local mode is being built on the
// stripe-stand-in branch; this placeholder is replaced when it lands.
import type Stripe from "stripe";

export function createSimulatedStripe(_options: { webhookSecret: string; appUrl: string }): Stripe {
  throw new Error("The simulated Stripe is not built yet");
}
