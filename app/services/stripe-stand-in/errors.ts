import type { JsonObject } from "~/services/stripe-stand-in/types";

export type StripeErrorType =
  "invalid_request_error" | "idempotency_error" | "api_error" | "card_error" | "authentication_error";

/** An error in Stripe's shape: `{ error: { type, code?, message, param? } }` with its HTTP status. */
export class StripeStandInError extends Error {
  override name = "StripeStandInError";
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toBody(): JsonObject {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeStandInError {
  return new StripeStandInError(400, "invalid_request_error", message, code, param);
}

export function missingParam(param: string): StripeStandInError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

export function unknownParam(param: string): StripeStandInError {
  return invalidRequest(`Received unknown parameter: ${param}`, param, "parameter_unknown");
}

export function noSuch(objectType: string, id: string, param = "id"): StripeStandInError {
  return new StripeStandInError(
    404,
    "invalid_request_error",
    `No such ${objectType}: '${id}'`,
    "resource_missing",
    param,
  );
}
