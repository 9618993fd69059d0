// The simulated Stripe of local mode (no STRIPE_SECRET_KEY): the official SDK, making the very
// requests it makes to Stripe, answered in-process by the stand-in instead of over the network.
// Its state lives on globalThis so a `remix dev` rebuild keeps the sessions a tester has open.
import Stripe from "stripe";
import { StripeStandIn } from "~/services/stripe-stand-in/stand-in";
import type { StandInResponse, StripeEvent } from "~/services/stripe-stand-in/types";
import { describeError, log } from "~/utils/logger.server";

/** The key the simulated client sends: a test-mode key, so nothing could ever move real money. */
export const SIMULATED_SECRET_KEY = "sk_test_simulated";

type Simulated = { standIn: StripeStandIn; appUrl: string; stopListening?: () => void };

const GLOBAL_KEY = "__rollcallSimulatedStripe";

function simulated(): Simulated {
  const holder = globalThis as unknown as Record<string, Simulated | undefined>;
  let current = holder[GLOBAL_KEY];
  if (!current) {
    const created: Simulated = {
      appUrl: "http://127.0.0.1:3000",
      standIn: new StripeStandIn({
        checkoutUrl: (id) => `${created.appUrl}/dev/checkout/${id}`,
        portalUrl: (id) => `${created.appUrl}/dev/billing-portal/${id}`,
      }),
    };
    holder[GLOBAL_KEY] = current = created;
  }
  return current;
}

/** The stand-in behind the simulated client (the dev checkout page plays the donor on it). */
export function getSimulatedStandIn(): StripeStandIn {
  return simulated().standIn;
}

class InProcessResponse extends Stripe.HttpClientResponse {
  constructor(private readonly response: StandInResponse) {
    super(response.status, response.headers);
  }
  override getRawResponse(): unknown {
    return { headers: this.response.headers };
  }
  override toStream(): unknown {
    throw new Error("The simulated Stripe does not stream responses");
  }
  override toJSON(): Promise<unknown> {
    // A fresh copy, as a network response would be: the caller can never alias the stand-in's state.
    return Promise.resolve(JSON.parse(JSON.stringify(this.response.body)));
  }
}

/** A Stripe.HttpClient that hands each request to the stand-in instead of a socket. */
class InProcessHttpClient extends Stripe.HttpClient {
  constructor(private readonly standIn: StripeStandIn) {
    super();
  }
  override getClientName(): string {
    return "rollcall-simulated";
  }
  override makeRequest(
    _host: string,
    _port: string,
    path: string,
    method: string,
    headers: Record<string, unknown>,
    requestData: string,
  ): Promise<InProcessResponse> {
    const lowerCased: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && value !== null) lowerCased[name.toLowerCase()] = String(value);
    }
    try {
      const response = this.standIn.handle({
        method,
        url: path,
        body: requestData ?? "",
        headers: lowerCased,
      });
      return Promise.resolve(new InProcessResponse(response));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/**
 * The official SDK against the in-process stand-in. Events that API calls cause (a session expired,
 * a subscription canceled) are delivered to the app's webhook like Stripe's, through the queue.
 */
export function createSimulatedStripe(options: { webhookSecret: string; appUrl: string }): Stripe {
  const current = simulated();
  current.appUrl = options.appUrl.replace(/\/+$/, "");
  current.stopListening?.();
  current.stopListening = current.standIn.onApiEvents((events: StripeEvent[]) => {
    void import("~/models/simulated-checkout.server")
      .then(({ queueSimulatedEvents }) => queueSimulatedEvents(events))
      .catch((error: unknown) => {
        log.warn("simulated stripe events not queued", describeError(error));
      });
  });
  return new Stripe(SIMULATED_SECRET_KEY, {
    httpClient: new InProcessHttpClient(current.standIn),
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: "Rollcall (simulated Stripe)" },
  });
}
