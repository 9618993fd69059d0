import type Stripe from "stripe";
import { createCustomer } from "~/services/stripe-stand-in/billing";
import { createCheckoutSession, type CheckoutConfig } from "~/services/stripe-stand-in/checkout";
import { API_VERSION } from "~/services/stripe-stand-in/constants";
import { invalidRequest, missingParam, StripeStandInError } from "~/services/stripe-stand-in/errors";
import { recordEvent } from "~/services/stripe-stand-in/events";
import { render } from "~/services/stripe-stand-in/expand";
import { canonicalParams, parseFormParams } from "~/services/stripe-stand-in/form";
import { newId } from "~/services/stripe-stand-in/ids";
import type { Customer, Subscription } from "~/services/stripe-stand-in/objects";
import * as p from "~/services/stripe-stand-in/params";
import { cancelSubscription, expireCheckout } from "~/services/stripe-stand-in/simulate";
import { find, nowSeconds, put, type StandInState } from "~/services/stripe-stand-in/state";
import type {
  FieldsOf,
  JsonObject,
  StandInRequest,
  StandInResponse,
  StripeEvent,
  StripeObject,
} from "~/services/stripe-stand-in/types";

export type RouterConfig = CheckoutConfig & {
  /** When set, any other secret key is refused with 401. */
  apiKey?: string;
  /** Where a billing portal session sends the customer. */
  portalUrl: (portalSessionId: string, returnUrl: string | null) => string;
  /** Told of the events an API call caused (a session expired, a subscription canceled). */
  onEvents?: (events: StripeEvent[]) => void;
};

type Handler = (context: {
  state: StandInState;
  config: RouterConfig;
  params: JsonObject;
  id: string;
  events: StripeEvent[];
}) => JsonObject;

type Route = { method: string; pattern: RegExp; handler: Handler; readsOnly?: boolean };

/** GET endpoints take only `expand`; anything else is refused as Stripe refuses it. */
function retrieve(objectType: string): Handler {
  return ({ state, params, id }) => {
    p.onlyKnown(params, ["expand"]);
    return render(state, find(state, objectType, id), p.expandPaths(params));
  };
}

const ID = "([A-Za-z0-9_]+)";

const ROUTES: Route[] = [
  {
    method: "POST",
    pattern: /^\/v1\/checkout\/sessions$/,
    handler: ({ state, config, params }) =>
      render(state, createCheckoutSession(state, params, config), p.expandPaths(params)),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}$`),
    handler: retrieve("checkout.session"),
  },
  {
    method: "POST",
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}/expire$`),
    handler: ({ state, params, id, events }) => {
      p.onlyKnown(params, ["expand"]);
      events.push(...expireCheckout(state, id));
      return render(state, find(state, "checkout.session", id), p.expandPaths(params));
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/customers$/,
    handler: ({ state, params, events }) => {
      p.onlyKnown(params, ["email", "name", "metadata", "preferred_locales", "expand"]);
      const locales = p.list(params.preferred_locales, "preferred_locales") ?? [];
      const customer = createCustomer(state, {
        email: p.email(params.email, "email") ?? null,
        name: p.string(params.name, "name", 256) ?? null,
        metadata: p.metadata(params.metadata, "metadata") ?? {},
        preferredLocales: locales.map((entry, index) =>
          p.requiredString(entry, `preferred_locales[${index}]`),
        ),
      });
      events.push(recordCreated(state, customer));
      return render(state, customer, p.expandPaths(params));
    },
  },
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}$`), handler: retrieve("customer") },
  { method: "GET", pattern: new RegExp(`^/v1/subscriptions/${ID}$`), handler: retrieve("subscription") },
  {
    method: "POST",
    pattern: new RegExp(`^/v1/subscriptions/${ID}$`),
    handler: ({ state, params, id, events }) => {
      p.onlyKnown(params, ["metadata", "cancel_at_period_end", "expand"]);
      const subscription = find<Subscription>(state, "subscription", id);
      const previous: JsonObject = {};
      const metadata = p.metadata(params.metadata, "metadata");
      if (metadata !== undefined) {
        previous.metadata = subscription.metadata;
        // Stripe merges metadata keys; an empty value removes a key.
        const merged = { ...subscription.metadata, ...metadata };
        for (const [key, value] of Object.entries(p.hash(params.metadata, "metadata") ?? {})) {
          if (value === "") delete merged[key];
        }
        subscription.metadata = params.metadata === "" ? {} : merged;
      }
      const atPeriodEnd = p.boolean(params.cancel_at_period_end, "cancel_at_period_end");
      if (atPeriodEnd !== undefined) {
        previous.cancel_at_period_end = subscription.cancel_at_period_end as boolean;
        subscription.cancel_at_period_end = atPeriodEnd;
      }
      if (Object.keys(previous).length > 0) {
        events.push(recordUpdated(state, subscription, previous));
      }
      return render(state, subscription, p.expandPaths(params));
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/v1/subscriptions/${ID}$`),
    handler: ({ state, params, id, events }) => {
      p.onlyKnown(params, ["expand", "invoice_now", "prorate", "cancellation_details"]);
      events.push(...cancelSubscription(state, id));
      return render(state, find(state, "subscription", id), p.expandPaths(params));
    },
  },
  { method: "GET", pattern: new RegExp(`^/v1/invoices/${ID}$`), handler: retrieve("invoice") },
  { method: "GET", pattern: new RegExp(`^/v1/payment_intents/${ID}$`), handler: retrieve("payment_intent") },
  { method: "GET", pattern: new RegExp(`^/v1/charges/${ID}$`), handler: retrieve("charge") },
  { method: "GET", pattern: new RegExp(`^/v1/refunds/${ID}$`), handler: retrieve("refund") },
  { method: "GET", pattern: new RegExp(`^/v1/disputes/${ID}$`), handler: retrieve("dispute") },
  { method: "GET", pattern: new RegExp(`^/v1/events/${ID}$`), handler: retrieve("event") },
  {
    method: "POST",
    pattern: /^\/v1\/billing_portal\/sessions$/,
    handler: ({ state, config, params }) => {
      p.onlyKnown(params, ["customer", "return_url", "locale", "expand"]);
      const customerId = p.string(params.customer, "customer");
      if (!customerId) throw missingParam("customer");
      const customer = find<Customer>(state, "customer", customerId, "customer");
      const returnUrl = p.url(params.return_url, "return_url") ?? null;
      const id = newId("bps_");
      const session = put(state, {
        id,
        object: "billing_portal.session",
        configuration: "bpc_standin",
        created: nowSeconds(),
        customer: customer.id,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: p.string(params.locale, "locale") ?? null,
        on_behalf_of: null,
        return_url: returnUrl,
        url: config.portalUrl(id, returnUrl),
      } satisfies FieldsOf<Stripe.BillingPortal.Session>);
      return render(state, session, p.expandPaths(params));
    },
  },
];

function recordCreated(state: StandInState, object: StripeObject): StripeEvent {
  return recordEvent(state, `${object.object}.created`, object);
}

function recordUpdated(state: StandInState, object: StripeObject, previous: JsonObject): StripeEvent {
  return recordEvent(state, `customer.${object.object}.updated`, object, previous);
}

function respond(
  status: number,
  body: JsonObject,
  requestId: string,
  extra: Record<string, string> = {},
): StandInResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": API_VERSION,
      ...extra,
    },
    body,
  };
}

function bearerKey(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (match) return match[1]!;
  // Stripe also takes the key as the user name of HTTP Basic auth (curl -u sk_test_…:).
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (basic) return Buffer.from(basic[1]!, "base64").toString("utf8").split(":")[0] || null;
  return null;
}

/** Answers one request as Stripe's API would: authentication, versions, idempotency, routing. */
export function handleStripeRequest(
  state: StandInState,
  config: RouterConfig,
  request: StandInRequest,
): StandInResponse {
  const requestId = newId("req_", 14);
  const method = request.method.toUpperCase();
  const url = new URL(request.url, "http://stand-in");
  const header = (name: string) => request.headers[name.toLowerCase()];
  const key = bearerKey(header("authorization"));
  if (!key) {
    return respond(
      401,
      new StripeStandInError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      ).toBody(),
      requestId,
    );
  }
  if (!/^(sk|rk)_test_/.test(key) || (config.apiKey !== undefined && key !== config.apiKey)) {
    return respond(
      401,
      new StripeStandInError(
        401,
        "invalid_request_error",
        `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
        "api_key_invalid",
      ).toBody(),
      requestId,
    );
  }
  const version = header("stripe-version");
  if (version !== undefined && version !== API_VERSION) {
    return respond(
      400,
      invalidRequest(`The Stripe stand-in models API version ${API_VERSION} only, not ${version}.`).toBody(),
      requestId,
    );
  }

  const route = ROUTES.find(
    (candidate) => candidate.method === method && candidate.pattern.test(url.pathname),
  );
  if (!route) {
    return respond(
      404,
      invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      ).toBody(),
      requestId,
    );
  }

  let params: JsonObject;
  try {
    params = parseFormParams(method === "GET" || method === "DELETE" ? url.search.slice(1) : request.body);
  } catch (error) {
    if (error instanceof StripeStandInError) return respond(error.status, error.toBody(), requestId);
    throw error;
  }

  // Stripe keys POSTs only: GET and DELETE are idempotent by definition and ignore the key.
  const idempotencyKey = method === "POST" ? (header("idempotency-key") ?? null) : null;
  const fingerprint = `${method} ${url.pathname} ${canonicalParams(params)}`;
  if (idempotencyKey !== null) {
    if (idempotencyKey.length > 255) {
      return respond(
        400,
        invalidRequest("Idempotency keys can be at most 255 characters long.", "Idempotency-Key").toBody(),
        requestId,
      );
    }
    const remembered = state.idempotency.get(idempotencyKey);
    if (remembered) {
      if (remembered.fingerprint !== fingerprint) {
        return respond(
          400,
          new StripeStandInError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          ).toBody(),
          requestId,
        );
      }
      const replay = remembered.response;
      return { ...replay, headers: { ...replay.headers, "idempotent-replayed": "true" } };
    }
  }

  const events: StripeEvent[] = [];
  state.currentRequest = { id: requestId, idempotency_key: idempotencyKey };
  let response: StandInResponse;
  try {
    const id = route.pattern.exec(url.pathname)?.[1] ?? "";
    response = respond(200, route.handler({ state, config, params, id, events }), requestId);
  } catch (error) {
    if (!(error instanceof StripeStandInError)) throw error;
    // Stripe saves no result for a request that failed validation: the key can be used again.
    return respond(error.status, error.toBody(), requestId);
  } finally {
    state.currentRequest = null;
  }
  if (idempotencyKey !== null) {
    response.headers["idempotency-key"] = idempotencyKey;
    state.idempotency.set(idempotencyKey, { fingerprint, response });
  }
  if (events.length > 0) config.onEvents?.(events);
  return response;
}
