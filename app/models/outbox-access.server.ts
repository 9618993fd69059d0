import { getEnv } from "~/utils/env.server";

/**
 * /dev/outbox exists only while the outbox is the email transport, and never in production: it
 * shows every signer's address and live confirm and withdraw links to whoever asks. A production
 * demo keeps its mail there unread until the staff area can show it to signed-in owners.
 */
export function assertOutboxEnabled(): void {
  const env = getEnv();
  if (env.emailTransport !== "outbox" || env.NODE_ENV === "production") {
    throw new Response("Not Found", { status: 404 });
  }
}
