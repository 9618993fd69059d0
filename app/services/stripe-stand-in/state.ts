import { noSuch } from "~/services/stripe-stand-in/errors";
import type {
  Json,
  JsonObject,
  StandInResponse,
  StripeEvent,
  StripeObject,
} from "~/services/stripe-stand-in/types";

export type IdempotencyEntry = { fingerprint: string; response: StandInResponse };

/**
 * Everything the stand-in knows: Stripe's objects by id (ids are unique across types, as their
 * prefixes make them), the "includable" fields Stripe returns only when expanded (a session's
 * `line_items`, an invoice's `payments`, a charge's `refunds`), every event, and the responses
 * remembered for idempotency keys.
 */
export type StandInState = {
  objects: Map<string, StripeObject>;
  includable: Map<string, JsonObject>;
  events: StripeEvent[];
  idempotency: Map<string, IdempotencyEntry>;
  /** The API request being answered, named in the events it causes (null for simulated acts). */
  currentRequest: { id: string; idempotency_key: string | null } | null;
};

export function createState(): StandInState {
  return {
    objects: new Map(),
    includable: new Map(),
    events: [],
    idempotency: new Map(),
    currentRequest: null,
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Stripe's objects are handed out as copies, so no caller can change the stand-in's state. */
export function snapshot<T extends Json>(value: T): T {
  return structuredClone(value);
}

export function put<T extends StripeObject>(state: StandInState, object: T): T {
  state.objects.set(object.id, object);
  return object;
}

/** The object with this id and type, or Stripe's 404 (`No such customer: 'cus_…'`). */
export function find<T extends StripeObject>(
  state: StandInState,
  objectType: T["object"],
  id: string,
  param = "id",
): T {
  const object = state.objects.get(id);
  if (!object || object.object !== objectType) throw noSuch(objectType, id, param);
  return object as T;
}

export function setIncludable(state: StandInState, id: string, field: string, value: Json): void {
  state.includable.set(id, { ...state.includable.get(id), [field]: value });
}
