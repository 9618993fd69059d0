import { DEFAULT_ENABLED_METHODS } from "~/services/stripe-stand-in/payment-methods";
import { handleStripeRequest, type RouterConfig } from "~/services/stripe-stand-in/router";
import * as simulate from "~/services/stripe-stand-in/simulate";
import { createState, snapshot, type StandInState } from "~/services/stripe-stand-in/state";
import type {
  JsonObject,
  StandInRequest,
  StandInResponse,
  StripeEvent,
  StripeObject,
} from "~/services/stripe-stand-in/types";

export type StripeStandInOptions = {
  /** Where a session's hosted page is (default: a checkout.stripe.com-like address). */
  checkoutUrl?: (sessionId: string) => string;
  portalUrl?: (portalSessionId: string, returnUrl: string | null) => string;
  /** The payment methods turned on in the (imaginary) Dashboard; default: card and the KR/JP ones. */
  enabledPaymentMethods?: readonly string[];
  /** When set, other secret keys are refused with 401. */
  apiKey?: string;
};

/**
 * One in-memory Stripe account: the API endpoints Rollcall calls, and the acts of donors, banks
 * and Stripe's billing that tests and the simulated checkout play out. Served over HTTP by
 * tests/stand-ins/stripe-stand-in.ts and in-process by client.server.ts.
 */
export class StripeStandIn {
  readonly state: StandInState = createState();
  private readonly config: RouterConfig;
  private readonly listeners = new Set<(events: StripeEvent[]) => void>();

  constructor(options: StripeStandInOptions = {}) {
    this.config = {
      apiKey: options.apiKey,
      enabledPaymentMethods: options.enabledPaymentMethods ?? DEFAULT_ENABLED_METHODS,
      checkoutUrl: options.checkoutUrl ?? ((id) => `https://checkout.stripe.com/c/pay/${id}`),
      portalUrl:
        options.portalUrl ?? ((id) => `https://billing.stripe.com/p/session/test_${id.replace(/^bps_/, "")}`),
      onEvents: (events) => {
        for (const listener of this.listeners) listener(events);
      },
    };
  }

  /** Answers one API request (method, path with query, form body, headers). */
  handle(request: StandInRequest): StandInResponse {
    return handleStripeRequest(this.state, this.config, request);
  }

  /** Calls `listener` with the events each API request causes (simulations return theirs). */
  onApiEvents(listener: (events: StripeEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A copy of a stored object, or undefined. */
  get<T extends StripeObject = StripeObject>(id: string): T | undefined {
    const object = this.state.objects.get(id);
    return object ? (snapshot(object) as T) : undefined;
  }

  /** Every event so far, oldest first (copies). */
  events(): StripeEvent[] {
    return snapshot(this.state.events as unknown as JsonObject[]) as unknown as StripeEvent[];
  }

  completeCheckout(sessionId: string, options?: simulate.CompleteOptions): StripeEvent[] {
    return simulate.completeCheckout(this.state, sessionId, options);
  }
  failCheckout(sessionId: string, options?: simulate.CompleteOptions): StripeEvent[] {
    return simulate.failCheckout(this.state, sessionId, options);
  }
  settleDelayedPayment(sessionId: string, outcome: "succeeded" | "failed"): StripeEvent[] {
    return simulate.settleDelayedPayment(this.state, sessionId, outcome);
  }
  expireCheckout(sessionId: string): StripeEvent[] {
    return simulate.expireCheckout(this.state, sessionId);
  }
  renewSubscription(subscriptionId: string): StripeEvent[] {
    return simulate.renewSubscription(this.state, subscriptionId);
  }
  failRenewal(subscriptionId: string): StripeEvent[] {
    return simulate.failRenewal(this.state, subscriptionId);
  }
  requireRenewalAction(subscriptionId: string): StripeEvent[] {
    return simulate.requireRenewalAction(this.state, subscriptionId);
  }
  cancelSubscription(subscriptionId: string): StripeEvent[] {
    return simulate.cancelSubscription(this.state, subscriptionId);
  }
  refundCharge(chargeId: string, amount?: number): StripeEvent[] {
    return simulate.refundCharge(this.state, chargeId, amount);
  }
  openDispute(chargeId: string): StripeEvent[] {
    return simulate.openDispute(this.state, chargeId);
  }
  closeDispute(disputeId: string, outcome: "won" | "lost"): StripeEvent[] {
    return simulate.closeDispute(this.state, disputeId, outcome);
  }

  /** Forgets everything (tests between cases). */
  reset(): void {
    const fresh = createState();
    Object.assign(this.state, fresh);
  }
}
