// The stand-in's objects are plain JSON, in the shapes Stripe documents for the API version the
// SDK pins (see constants.ts). Builders check their field names against the SDK's own types.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Metadata = Record<string, string>;

/** A field-name check: `{...} satisfies FieldsOf<Stripe.Charge>` refuses a misspelt field. */
export type FieldsOf<T> = { [K in keyof T]?: unknown };

/** Every stored object: an id with Stripe's prefix and its `object` type. */
export type StripeObject = JsonObject & { id: string; object: string };

export type StripeEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  data: { object: JsonObject; previous_attributes?: JsonObject };
};

/** A request as the router sees it, from node:http or from the SDK's in-process HttpClient. */
export type StandInRequest = {
  method: string;
  /** The path with its query string, as sent (`/v1/invoices/in_1?expand[0]=payments`). */
  url: string;
  body: string;
  headers: Record<string, string | undefined>;
};

export type StandInResponse = {
  status: number;
  headers: Record<string, string>;
  body: JsonObject;
};
