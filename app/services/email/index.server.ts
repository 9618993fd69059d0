// The one way the app sends email. Which transport is used follows the environment: Resend when
// RESEND_API_KEY is set, otherwise the local outbox (docs/decisions/0009).
import { OutboxTransport } from "~/services/email/outbox-transport.server";
import { ResendTransport } from "~/services/email/resend-transport.server";
import type { EmailMessage, EmailTransport, SendOptions } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";

let transport: EmailTransport | undefined;

export function getEmailTransport(): EmailTransport {
  if (transport) return transport;
  const env = getEnv();
  transport =
    env.emailTransport === "resend"
      ? new ResendTransport({
          apiKey: env.RESEND_API_KEY!,
          baseUrl: env.RESEND_BASE_URL,
          maxRequestsPerSecond: env.RESEND_MAX_RPS,
        })
      : new OutboxTransport();
  return transport;
}

export function sendBatch(messages: EmailMessage[], options: SendOptions) {
  return getEmailTransport().sendBatch(messages, options);
}

export function sendValidOfBatch(messages: EmailMessage[], options: SendOptions) {
  return getEmailTransport().sendValidOfBatch(messages, options);
}
