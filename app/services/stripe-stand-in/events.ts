import { API_VERSION } from "~/services/stripe-stand-in/constants";
import { newId } from "~/services/stripe-stand-in/ids";
import { nowSeconds, put, snapshot, type StandInState } from "~/services/stripe-stand-in/state";
import type { JsonObject, StripeEvent, StripeObject } from "~/services/stripe-stand-in/types";

/**
 * Records an event as Stripe sends it: a snapshot of the object at the time of the change (later
 * changes do not show in it), and for `*.updated` events the fields' earlier values.
 */
export function recordEvent(
  state: StandInState,
  type: string,
  object: StripeObject,
  previousAttributes?: JsonObject,
): StripeEvent {
  const event: StripeEvent = {
    id: newId("evt_"),
    object: "event",
    api_version: API_VERSION,
    created: nowSeconds(),
    livemode: false,
    pending_webhooks: 1,
    request: state.currentRequest ?? { id: null, idempotency_key: null },
    type,
    data: {
      object: snapshot(object),
      ...(previousAttributes ? { previous_attributes: snapshot(previousAttributes) } : {}),
    },
  };
  state.events.push(event);
  put(state, event as unknown as StripeObject);
  return event;
}
