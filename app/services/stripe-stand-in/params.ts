import { invalidRequest, missingParam, unknownParam } from "~/services/stripe-stand-in/errors";
import type { Json, JsonObject, Metadata } from "~/services/stripe-stand-in/types";

/*
 * Reading decoded parameters the way Stripe validates them: every leaf arrives as a string, and
 * errors name the parameter in bracket notation (`line_items[0][quantity]`).
 */

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Refuses any parameter not in `known`, as Stripe does with `parameter_unknown`. */
export function onlyKnown(params: JsonObject, known: readonly string[], prefix = ""): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw unknownParam(prefix ? `${prefix}[${key}]` : key);
  }
}

export function hash(value: Json | undefined, param: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalidRequest(`Invalid object`, param, "parameter_invalid_object");
  return value;
}

export function list(value: Json | undefined, param: string): Json[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, param, "parameter_invalid_array");
  return value;
}

export function string(value: Json | undefined, param: string, maxLength = 5000): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid string: ${param}`, param);
  if (value.length > maxLength) {
    throw invalidRequest(
      `Invalid string: ${value.slice(0, 20)}...; must be at most ${maxLength} characters`,
      param,
      "parameter_invalid_string_too_long",
    );
  }
  return value;
}

export function requiredString(value: Json | undefined, param: string, maxLength?: number): string {
  const result = string(value, param, maxLength);
  if (result === undefined || result === "") throw missingParam(param);
  return result;
}

export function integer(value: Json | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidRequest(`Invalid integer: ${String(value)}`, param, "parameter_invalid_integer");
  }
  return Number(value);
}

export function boolean(value: Json | undefined, param: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidRequest(`Invalid boolean: ${String(value)}`, param);
}

export function oneOf<T extends string>(
  value: Json | undefined,
  param: string,
  allowed: readonly T[],
): T | undefined {
  const text = string(value, param);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    const choices =
      allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")}, or ${allowed.at(-1)}` : allowed[0];
    throw invalidRequest(`Invalid ${param}: must be one of ${choices}`, param);
  }
  return text as T;
}

/** Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500. */
export function metadata(value: Json | undefined, param: string): Metadata | undefined {
  // An empty string unsets all metadata.
  if (value === "") return {};
  const object = hash(value, param);
  if (object === undefined) return undefined;
  const keys = Object.keys(object);
  if (keys.length > 50) throw invalidRequest("Metadata can have at most 50 keys.", param);
  const result: Metadata = {};
  for (const key of keys) {
    if (key.length > 40) {
      throw invalidRequest(`Metadata keys can be at most 40 characters long.`, `${param}[${key}]`);
    }
    const entry = object[key];
    if (typeof entry !== "string") throw invalidRequest(`Invalid metadata value`, `${param}[${key}]`);
    if (entry.length > 500) {
      throw invalidRequest(`Metadata values can be at most 500 characters long.`, `${param}[${key}]`);
    }
    if (entry !== "") result[key] = entry;
  }
  return result;
}

// The same loose check Stripe applies: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(value: Json | undefined, param: string): string | undefined {
  const text = string(value, param, 512);
  if (text === undefined) return undefined;
  if (!EMAIL.test(text)) throw invalidRequest(`Invalid email address: ${text}`, param, "email_invalid");
  return text;
}

export function url(value: Json | undefined, param: string): string | undefined {
  const text = string(value, param, 5000);
  if (text === undefined) return undefined;
  if (!URL.canParse(text.replaceAll("{CHECKOUT_SESSION_ID}", "x")) || !/^https?:\/\//i.test(text)) {
    throw invalidRequest("Not a valid URL", param, "url_invalid");
  }
  return text;
}

/** `expand[]` on any request: the paths the caller wants expanded. */
export function expandPaths(params: JsonObject): string[] {
  const value = list(params.expand, "expand") ?? [];
  return value.map((entry, index) => requiredString(entry, `expand[${index}]`));
}
