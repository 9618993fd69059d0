import { getEnv } from "~/utils/env.server";

/** /dev/outbox exists only while the outbox is the email transport; with Resend it is a 404. */
export function assertOutboxEnabled(): void {
  if (getEnv().emailTransport !== "outbox") throw new Response("Not Found", { status: 404 });
}
