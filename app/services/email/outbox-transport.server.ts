import { storeOutboxMessages } from "~/models/outbox.server";
import {
  MAX_BATCH_SIZE,
  PermanentEmailError,
  type BatchMessageResult,
  type EmailMessage,
  type EmailTransport,
  type SendOptions,
} from "~/services/email/types";

/** Keeps mail in the database for /dev/outbox instead of sending it (no provider configured). */
export class OutboxTransport implements EmailTransport {
  readonly name = "outbox";

  async sendBatch(messages: EmailMessage[], { idempotencyKey }: SendOptions): Promise<{ ids: string[] }> {
    if (messages.length > MAX_BATCH_SIZE) {
      throw new PermanentEmailError(
        `A batch holds at most ${MAX_BATCH_SIZE} messages, not ${messages.length}`,
      );
    }
    // Each message of a batch gets its own key, derived from the batch's, so a replayed batch
    // finds every one of its messages already stored.
    const ids = await storeOutboxMessages(
      messages.map((message, index) => ({ message, idempotencyKey: `${idempotencyKey}#${index}` })),
    );
    return { ids };
  }

  // The outbox refuses no message, so every one of them is kept.
  async sendValidOfBatch(
    messages: EmailMessage[],
    options: SendOptions,
  ): Promise<{ results: BatchMessageResult[] }> {
    const { ids } = await this.sendBatch(messages, options);
    return { results: ids.map((id) => ({ id })) };
  }
}
