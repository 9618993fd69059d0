import { requireStaff } from "~/models/staff-session.server";
import { getEnv } from "~/utils/env.server";

/**
 * /dev/outbox exists only while the outbox is the email transport. It shows every signer's address
 * and live confirm and withdraw links, so in production (a demo with EMAIL_OUTBOX_IN_PRODUCTION=allow,
 * or `npm start` on one's own machine) it is never public: only a signed-in owner or admin sees it,
 * and a form posted to it needs their session's CSRF token. In development it stays open.
 * Returns the CSRF token for the outbox's own form (empty outside production).
 */
export async function assertOutboxEnabled(request: Request): Promise<{ csrfToken: string }> {
  const env = getEnv();
  if (env.emailTransport !== "outbox") throw new Response("Not Found", { status: 404 });
  if (env.NODE_ENV !== "production") return { csrfToken: "" };
  const staff = await requireStaff(request, "admin");
  return { csrfToken: staff.csrfToken };
}
