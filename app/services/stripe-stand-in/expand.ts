import { invalidRequest } from "~/services/stripe-stand-in/errors";
import { snapshot, type StandInState } from "~/services/stripe-stand-in/state";
import type { Json, JsonObject } from "~/services/stripe-stand-in/types";

/**
 * Stripe's `expand[]`: each dotted path names an id field to replace with its object (`payment_intent`,
 * `payment_intent.latest_charge`) or an includable field to add (`line_items`, `payments`).
 * Returns a copy; the stored object is untouched.
 */
export function render(state: StandInState, object: JsonObject, paths: readonly string[] = []): JsonObject {
  const copy = snapshot(object);
  for (const path of paths) expandPath(state, copy, path.split("."), path);
  return copy;
}

function expandPath(state: StandInState, target: JsonObject, segments: string[], fullPath: string): void {
  const [field, ...rest] = segments;
  if (!field) return;
  let value: Json | undefined = target[field];
  const includable = typeof target.id === "string" ? state.includable.get(target.id) : undefined;
  if (value === undefined && !field.startsWith("_") && includable?.[field] !== undefined) {
    value = snapshot(includable[field]!);
  }
  if (typeof value === "string") {
    const object = state.objects.get(value);
    if (object) value = snapshot(object);
  }
  if (value === undefined || (typeof value === "string" && rest.length === 0 && !state.objects.has(value))) {
    throw invalidRequest(
      `This property cannot be expanded (${fullPath}). You may want to try expanding 'data.${fullPath}' instead.`,
      "expand",
    );
  }
  target[field] = value;
  if (rest.length === 0) return;
  if (rest[0] === "data" && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const items = value.data;
    if (Array.isArray(items)) {
      for (const item of items) {
        if (typeof item === "object" && item !== null && !Array.isArray(item)) {
          expandPath(state, item, rest.slice(1), fullPath);
        }
      }
      return;
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    expandPath(state, value, rest, fullPath);
}
