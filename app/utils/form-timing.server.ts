import { createHmac } from "node:crypto";
import { getEnv } from "~/utils/env.server";

// A signed "form shown at" time. People take several seconds to fill in a petition form; scripts
// post at once. The signature (a truncated HMAC) stops a script from simply sending an old time.

function sign(shownAt: number): string {
  return createHmac("sha256", getEnv().APP_SECRET)
    .update(`form-shown:${shownAt}`)
    .digest("base64url")
    .slice(0, 16);
}

export function formShownToken(now = Date.now()): string {
  return `${now}.${sign(now)}`;
}

/** Milliseconds the form was open, or null when the token is missing, altered or from the future. */
export function formFillMillis(token: string | null, now = Date.now()): number | null {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{16})$/.exec(token ?? "");
  if (!match) return null;
  const shownAt = Number(match[1]);
  if (sign(shownAt) !== match[2] || shownAt > now) return null;
  return now - shownAt;
}
