import { Resend } from "resend";
import { RequestSpacer } from "~/services/email/request-spacer";
import {
  InvalidBatchError,
  MAX_BATCH_SIZE,
  PermanentEmailError,
  TransientEmailError,
  type BatchMessageResult,
  type EmailMessage,
  type EmailTransport,
  type SendOptions,
} from "~/services/email/types";

export type ResendTransportOptions = {
  apiKey: string;
  /** Resend's API, or a stand-in speaking it (tests, benchmarks). */
  baseUrl?: string;
  maxRequestsPerSecond: number;
  timeoutMs?: number;
  /** How many times one call waits out a 429 before giving up with a transient error. */
  maxRateLimitWaits?: number;
  /** Longest `retry-after` honoured inside a call; longer waits are left to the job's retry. */
  maxRetryAfterMs?: number;
};

type ResendError = { name: string; message: string; statusCode: number | null };
type ResendResult<T> = { data: T | null; error: ResendError | null; headers: Record<string, string> | null };

// Transient: worth retrying later. 409 concurrent_idempotent_requests means the first attempt with
// this key is still running; retrying later returns its result. Other 4xx are the message's fault;
// a batch's 422 validation_error (strict validation) means one or more of its messages are.
function classify(error: ResendError, batch: boolean): TransientEmailError | PermanentEmailError {
  const status = error.statusCode;
  const message = `Resend ${status ?? "network"} ${error.name}: ${error.message}`;
  const transient =
    status === null ||
    status === 429 ||
    status >= 500 ||
    (status === 409 && error.name === "concurrent_idempotent_requests");
  if (transient) return new TransientEmailError(message, status);
  if (batch && status === 422 && error.name === "validation_error")
    return new InvalidBatchError(message, status);
  return new PermanentEmailError(message, status);
}

function toResendMessage(message: EmailMessage) {
  return {
    from: message.from,
    to: [message.to],
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers,
  };
}

export class ResendTransport implements EmailTransport {
  readonly name = "resend";
  private readonly client: Resend;
  private readonly spacer: RequestSpacer;
  private readonly timeoutMs: number;
  private readonly maxRateLimitWaits: number;
  private readonly maxRetryAfterMs: number;

  constructor(options: ResendTransportOptions) {
    this.client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
    this.spacer = new RequestSpacer(options.maxRequestsPerSecond);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    // One wait of up to 30 s; beyond that the job's own retry (with backoff) takes over, which keeps
    // a fan-out run well inside its queue's expiry.
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 1;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  }

  async sendBatch(messages: EmailMessage[], { idempotencyKey }: SendOptions): Promise<{ ids: string[] }> {
    if (messages.length === 0) return { ids: [] };
    assertBatchSize(messages);
    const data = await this.call(true, () =>
      this.client.batch.send(messages.map(toResendMessage), {
        idempotencyKey,
        signal: AbortSignal.timeout(this.timeoutMs),
      }),
    );
    const ids = data.data.map((entry) => entry.id);
    if (ids.length !== messages.length) {
      throw new TransientEmailError(`Resend returned ${ids.length} ids for ${messages.length} messages`);
    }
    return { ids };
  }

  // Resend's permissive validation: the valid messages are sent, the others listed by index.
  async sendValidOfBatch(
    messages: EmailMessage[],
    { idempotencyKey }: SendOptions,
  ): Promise<{ results: BatchMessageResult[] }> {
    if (messages.length === 0) return { results: [] };
    assertBatchSize(messages);
    const data = await this.call(true, () =>
      this.client.batch.send(messages.map(toResendMessage), {
        idempotencyKey,
        batchValidation: "permissive",
        signal: AbortSignal.timeout(this.timeoutMs),
      }),
    );
    const refused = new Map((data.errors ?? []).map((error) => [error.index, error.message]));
    const ids = data.data.map((entry) => entry.id);
    if (ids.length + refused.size !== messages.length) {
      throw new TransientEmailError(
        `Resend returned ${ids.length} ids and ${refused.size} errors for ${messages.length} messages`,
      );
    }
    // Ids come in the order of the messages that were sent, skipping the refused ones.
    let next = 0;
    const results = messages.map((_, index): BatchMessageResult => {
      const error = refused.get(index);
      return error === undefined ? { id: ids[next++]! } : { error: `Resend refused the message: ${error}` };
    });
    return { results };
  }

  private async call<T>(batch: boolean, request: () => Promise<ResendResult<T>>): Promise<T> {
    for (let waits = 0; ; waits++) {
      await this.spacer.wait();
      const { data, error, headers } = await request();
      if (!error && data) return data;
      const failure = classify(
        error ?? { name: "empty_response", message: "no data", statusCode: null },
        batch,
      );
      const retryAfterMs = (Number(headers?.["retry-after"]) || 1) * 1000;
      if (
        error?.statusCode === 429 &&
        waits < this.maxRateLimitWaits &&
        retryAfterMs <= this.maxRetryAfterMs
      ) {
        this.spacer.pause(retryAfterMs);
        continue;
      }
      throw failure;
    }
  }
}

function assertBatchSize(messages: EmailMessage[]): void {
  if (messages.length > MAX_BATCH_SIZE) {
    throw new PermanentEmailError(`A batch holds at most ${MAX_BATCH_SIZE} messages, not ${messages.length}`);
  }
}
