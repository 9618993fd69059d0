import { invalidRequest } from "~/services/stripe-stand-in/errors";
import type { Json, JsonObject } from "~/services/stripe-stand-in/types";

/**
 * Decodes Stripe's form encoding (`line_items[0][price_data][currency]=jpy`) into nested objects
 * and arrays, every leaf a string, as Stripe's API reads it. Indexed keys become arrays and must
 * run 0, 1, 2… without gaps, as Stripe requires.
 */
export function parseFormParams(encoded: string): JsonObject {
  const root: JsonObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = splitKey(key);
    let node: JsonObject = root;
    path.forEach((rawSegment, index) => {
      // `expand[]=a&expand[]=b`: empty brackets append, as Stripe's own parser allows.
      const segment = rawSegment === "" && index > 0 ? String(Object.keys(node).length) : rawSegment;
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === "object" && next !== null && !Array.isArray(next)) {
        node = next;
      } else {
        const child: JsonObject = {};
        node[segment] = child;
        node = child;
      }
    });
  }
  return arraysFromIndexedObjects(root, "") as JsonObject;
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  const segments = [match[1]!];
  for (const part of match[2]!.matchAll(/\[([^[\]]*)\]/g)) {
    segments.push(part[1]!);
  }
  return segments;
}

function arraysFromIndexedObjects(value: Json, path: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: JsonObject = {};
  for (const key of keys)
    converted[key] = arraysFromIndexedObjects(value[key]!, path ? `${path}[${key}]` : key);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    const indices = keys.map(Number).sort((a, b) => a - b);
    if (indices.some((index, position) => index !== position)) {
      throw invalidRequest(`Invalid array: ${path} must be indexed from 0 without gaps.`, path);
    }
    return indices.map((index) => converted[String(index)]!);
  }
  return converted;
}

/** A stable text for comparing two requests' parameters (key order does not matter). */
export function canonicalParams(value: Json): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalParams(value[key]!)}`)
    .join(",")}}`;
}
