// The simulated checkout of local mode (no Stripe keys): the donor's choices on /dev/checkout/:id
// played out on the in-process Stripe stand-in, and the events Stripe would send queued for
// delivery to our own /webhooks/stripe, signed, through the same verification and handlers.
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { enqueueJob } from "~/services/queue.server";
import { getSimulatedStandIn } from "~/services/stripe-stand-in/client.server";
import type { CheckoutSession, PaymentIntent, Subscription } from "~/services/stripe-stand-in/objects";
import type { StripeEvent } from "~/services/stripe-stand-in/types";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const DELIVER_SIMULATED_STRIPE_EVENTS_JOB = "deliver-simulated-stripe-events";

/** The page exists only while payments are simulated. */
export function assertSimulatedPayments(): void {
  if (getEnv().payments !== "simulated") throw new Response("Not Found", { status: 404 });
}

/** One job per event, as Stripe delivers (and retries) each event on its own. */
export async function queueSimulatedEvents(
  events: readonly StripeEvent[],
  client: PrismaClient | Prisma.TransactionClient = getPrisma(),
): Promise<void> {
  for (const event of events) {
    await enqueueJob(client, DELIVER_SIMULATED_STRIPE_EVENTS_JOB, { event });
  }
}

export type SimulatedCheckoutView = {
  id: string;
  mode: "payment" | "subscription";
  status: CheckoutSession["status"];
  paymentStatus: CheckoutSession["payment_status"];
  amount: number;
  /** Upper case, as Rollcall names currencies. */
  currency: string;
  productName: string;
  paymentMethods: string[];
  /** A delayed method (konbini) can pay this session. */
  delayedMethod: string | null;
  /** Paid with a delayed method and waiting for the counter: offer to settle it. */
  awaitingSettlement: boolean;
  successUrl: string;
  cancelUrl: string | null;
  /** The language the session was opened in (Checkout Session `locale`), as Stripe shows its page. */
  locale: string | null;
};

export function findSimulatedCheckout(sessionId: string): SimulatedCheckoutView | null {
  const standIn = getSimulatedStandIn();
  const session = standIn.get<CheckoutSession>(sessionId);
  if (!session || session.object !== "checkout.session") return null;
  const lineItems = standIn.state.includable.get(session.id)?.line_items as
    { data: { description: string }[] } | undefined;
  const intent = session.payment_intent ? standIn.get<PaymentIntent>(session.payment_intent) : undefined;
  return {
    id: session.id,
    mode: session.mode,
    status: session.status,
    paymentStatus: session.payment_status,
    amount: session.amount_total,
    currency: session.currency.toUpperCase(),
    productName: lineItems?.data[0]?.description ?? "",
    paymentMethods: session.payment_method_types,
    delayedMethod: session.payment_method_types.includes("konbini") ? "konbini" : null,
    awaitingSettlement:
      session.status === "complete" &&
      session.payment_status === "unpaid" &&
      intent?.status === "requires_action",
    successUrl: session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id),
    cancelUrl: session.cancel_url,
    locale: session.locale,
  };
}

export type SimulatedAct = "pay-card" | "pay-delayed" | "fail" | "settle-paid" | "settle-failed";

/**
 * Plays the donor's (or the bank's) act and queues the events it causes. Throws the stand-in's
 * error when the act does not fit the session (already paid, expired, a method it does not offer).
 */
export async function actOnSimulatedCheckout(sessionId: string, act: SimulatedAct): Promise<StripeEvent[]> {
  const standIn = getSimulatedStandIn();
  const events =
    act === "pay-card"
      ? standIn.completeCheckout(sessionId, { paymentMethod: "card" })
      : act === "pay-delayed"
        ? standIn.completeCheckout(sessionId, { paymentMethod: "konbini" })
        : act === "fail"
          ? standIn.failCheckout(sessionId, { paymentMethod: "card" })
          : standIn.settleDelayedPayment(sessionId, act === "settle-paid" ? "succeeded" : "failed");
  await queueSimulatedEvents(events);
  return events;
}

export type SimulatedPortalView = {
  id: string;
  returnUrl: string | null;
  subscriptions: { id: string; status: string; amount: number; currency: string; interval: string }[];
};

/** The simulated customer portal: the customer's subscriptions, as Stripe's portal lists them. */
export function findSimulatedPortal(portalSessionId: string): SimulatedPortalView | null {
  const standIn = getSimulatedStandIn();
  const portal = standIn.get(portalSessionId);
  if (!portal || portal.object !== "billing_portal.session") return null;
  const subscriptions = [...standIn.state.objects.values()].filter(
    (object): object is Subscription =>
      object.object === "subscription" && object.customer === portal.customer,
  );
  return {
    id: portal.id,
    returnUrl: typeof portal.return_url === "string" ? portal.return_url : null,
    subscriptions: subscriptions.map((subscription) => {
      const price = subscription.items.data[0]?.price as {
        unit_amount: number;
        recurring: { interval: string };
      };
      const quantity = Number(subscription.items.data[0]?.quantity ?? 1);
      return {
        id: subscription.id,
        status: subscription.status,
        amount: price.unit_amount * quantity,
        currency: subscription.currency.toUpperCase(),
        interval: price.recurring.interval,
      };
    }),
  };
}

/** The donor cancels a monthly gift in the portal: canceled at once, its event queued. */
export async function cancelInSimulatedPortal(
  portalSessionId: string,
  subscriptionId: string,
): Promise<boolean> {
  const portal = findSimulatedPortal(portalSessionId);
  const subscription = portal?.subscriptions.find((entry) => entry.id === subscriptionId);
  // Only the portal's own customer's gifts, and only once.
  if (!subscription || subscription.status === "canceled") return false;
  await queueSimulatedEvents(getSimulatedStandIn().cancelSubscription(subscriptionId));
  return true;
}
