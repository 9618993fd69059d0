/** One message to one recipient: we never put two people's addresses on one message. */
export type EmailMessage = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
};

export type SendOptions = {
  /** Derived from the rows being sent, so a retry after a crash is recognised as the same send. */
  idempotencyKey: string;
};

/** One message of a batch sent with sendValidOfBatch: the provider's id, or why it was refused. */
export type BatchMessageResult = { id: string } | { error: string };

export interface EmailTransport {
  readonly name: "resend" | "outbox";
  /**
   * Up to 100 messages in one request, all or none (an InvalidBatchError when any one is invalid);
   * ids come back in the messages' order.
   */
  sendBatch(messages: EmailMessage[], options: SendOptions): Promise<{ ids: string[] }>;
  /** The same batch, sending the valid messages and refusing the others: a result per message. */
  sendValidOfBatch(
    messages: EmailMessage[],
    options: SendOptions,
  ): Promise<{ results: BatchMessageResult[] }>;
}

export const MAX_BATCH_SIZE = 100;

/** A send that may succeed if tried again later: rate limits, timeouts, provider outages. */
export class TransientEmailError extends Error {
  override name = "TransientEmailError";
  constructor(
    message: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
  }
}

/** A send that will fail the same way every time: a rejected message, a bad key. */
export class PermanentEmailError extends Error {
  override name = "PermanentEmailError";
  constructor(
    message: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
  }
}

/** The provider refused a whole batch because some of its messages are invalid; none was sent. */
export class InvalidBatchError extends PermanentEmailError {
  override name = "InvalidBatchError";
}
