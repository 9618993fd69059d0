import { Resend } from "resend";
import { RequestSpacer } from "~/services/email/request-spacer";
import {
  MAX_BATCH_SIZE,
  PermanentEmailError,
  TransientEmailError,
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
// this key is still running; retrying later returns its result. Other 4xx are the message's fault.
function classify(error: ResendError): TransientEmailError | PermanentEmailError {
  const status = error.statusCode;
  const message = `Resend ${status ?? "network"} ${error.name}: ${error.message}`;
  const transient =
    status === null ||
    status === 429 ||
    status >= 500 ||
    (status === 409 && error.name === "concurrent_idempotent_requests");
  return transient ? new TransientEmailError(message, status) : new PermanentEmailError(message, status);
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
    if (messages.length > MAX_BATCH_SIZE) {
      throw new PermanentEmailError(
        `A batch holds at most ${MAX_BATCH_SIZE} messages, not ${messages.length}`,
      );
    }
    const data = await this.call(() =>
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

  private async call<T>(request: () => Promise<ResendResult<T>>): Promise<T> {
    for (let waits = 0; ; waits++) {
      await this.spacer.wait();
      const { data, error, headers } = await request();
      if (!error && data) return data;
      const failure = classify(error ?? { name: "empty_response", message: "no data", statusCode: null });
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
