import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/*
 * A local stand-in for the part of Resend's HTTP API that Rollcall uses (POST /emails, POST /emails/batch),
 * so the official SDK can be pointed at it with `new Resend(key, { baseUrl: standIn.url })`.
 * It follows https://resend.com/docs/api-reference (error shape, idempotency keys, batch limits) and the
 * request bodies the SDK really sends (snake_case, e.g. `reply_to`). Tests script failures, rate limits,
 * hangs and latency to exercise the retry and crash paths a real provider would only show by accident.
 */

export type AcceptedEmail = {
  id: string;
  idempotencyKey: string | null;
  via: "emails" | "batch";
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  tags?: { name: string; value: string }[];
  receivedAt: number;
};

/** `status` is 0 while a request has not been answered, and stays 0 for a hung one. */
export type RecordedRequest = {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  authorization: string | null;
};

/** A string `body` is sent as-is (e.g. a proxy's HTML error page); anything else as JSON. */
export type ScriptedResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type ResendStandIn = {
  url: string;
  accepted: AcceptedEmail[];
  requests: RecordedRequest[];
  failNext(count: number, response: ScriptedResponse): void;
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  hangNext(count: number): void;
  setLatency(ms: number): void;
  acceptedCountsByRecipient(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
};

type Outcome = { status: number; body: unknown; headers?: Record<string, string> };

type Script = { kind: "respond"; response: ScriptedResponse } | { kind: "hang" };

type IdempotencyEntry = {
  fingerprint: string;
  rememberedAt: number;
  // null while the first request with this key is still being answered.
  outcome: Outcome | null;
};

type MessageResult =
  { ok: true; email: Omit<AcceptedEmail, "id" | "receivedAt"> } | { ok: false; message: string };

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
const MAX_TO_ADDRESSES = 50;
const MAX_BATCH_SIZE = 100;
// Resend's documented rule for tag names and values.
const TAG_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
// Fields the SDK can send that this stand-in does not model: refusing them beats silently dropping them.
const UNMODELLED_FIELDS = ["attachments", "scheduled_at", "template", "topic_id"] as const;
const ROUTES: Record<string, AcceptedEmail["via"]> = { "/emails": "emails", "/emails/batch": "batch" };

export type ResendStandInOptions = {
  /** When set, any other bearer key is refused with 403. */
  apiKey?: string;
  /**
   * Whether `accepted` keeps each message's html and text (default true). Benchmarks sending
   * 100,000 messages turn it off so the stand-in's memory stays small; headers are always kept.
   */
  keepBodies?: boolean;
};

export async function startResendStandIn(options: ResendStandInOptions = {}): Promise<ResendStandIn> {
  const keepBodies = options.keepBodies ?? true;
  const accepted: AcceptedEmail[] = [];
  const requests: RecordedRequest[] = [];
  let scripts: Script[] = [];
  let idempotency = new Map<string, IdempotencyEntry>();
  let latencyMs = 0;
  const sockets = new Set<Socket>();
  // Aborted on close so requests waiting out the latency stop instead of writing to dead sockets.
  const closing = new AbortController();

  function script(count: number, entry: Script): void {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`count must be a positive integer: ${count}`);
    for (let i = 0; i < count; i++) scripts.push(entry);
  }

  async function answer(res: ServerResponse, record: RecordedRequest, outcome: Outcome): Promise<void> {
    if (latencyMs > 0) {
      try {
        await sleep(latencyMs, undefined, { signal: closing.signal });
      } catch {
        return;
      }
    }
    record.status = outcome.status;
    // The client may have given up (timeout, crash) while we waited; the server carries on regardless.
    if (res.destroyed) return;
    const isText = typeof outcome.body === "string";
    const payload = isText ? (outcome.body as string) : JSON.stringify(outcome.body ?? null);
    res.writeHead(outcome.status, {
      "content-type": isText ? "text/plain; charset=utf-8" : "application/json",
      ...outcome.headers,
    });
    res.end(payload);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBytes = await readBody(req);
    const raw = rawBytes.toString("utf8");
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const idempotencyKey = headerValue(req, "idempotency-key");
    const authorization = headerValue(req, "authorization");
    const record: RecordedRequest = {
      method: req.method ?? "",
      path,
      idempotencyKey,
      status: 0,
      authorization,
    };
    requests.push(record);

    const bearer = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (!bearer) {
      return answer(
        res,
        record,
        error(401, "missing_api_key", "Missing API key in the authorization header."),
      );
    }
    if (options.apiKey !== undefined && bearer[1] !== options.apiKey) {
      return answer(res, record, error(403, "invalid_api_key", "API key is invalid."));
    }

    const via = req.method === "POST" ? ROUTES[path] : undefined;
    if (!via) {
      return answer(res, record, error(404, "not_found", "The requested endpoint does not exist."));
    }

    if (
      idempotencyKey !== null &&
      (idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    ) {
      return answer(
        res,
        record,
        error(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
      );
    }

    // Scripted responses stand for failures before Resend did anything, so they are never remembered.
    const scripted = scripts.shift();
    if (scripted?.kind === "hang") return;
    if (scripted?.kind === "respond") {
      return answer(res, record, {
        status: scripted.response.status,
        body: scripted.response.body ?? defaultErrorBody(scripted.response.status),
        headers: scripted.response.headers,
      });
    }

    const fingerprint = createHash("sha256").update(path).update("\n").update(rawBytes).digest("hex");
    if (idempotencyKey !== null) {
      const remembered = idempotency.get(idempotencyKey);
      if (remembered && Date.now() - remembered.rememberedAt < IDEMPOTENCY_WINDOW_MS) {
        if (remembered.fingerprint !== fingerprint) {
          return answer(
            res,
            record,
            error(
              409,
              "invalid_idempotent_request",
              "Same idempotency key used with a different request payload.",
            ),
          );
        }
        if (remembered.outcome === null) {
          return answer(
            res,
            record,
            error(
              409,
              "concurrent_idempotent_requests",
              "Same idempotency key used while original request is still in progress.",
            ),
          );
        }
        return answer(res, record, remembered.outcome);
      }
    }

    const entry: IdempotencyEntry = { fingerprint, rememberedAt: Date.now(), outcome: null };
    if (idempotencyKey !== null) idempotency.set(idempotencyKey, entry);
    // Accepting before the latency models a provider that has sent the email but not yet replied.
    const outcome = via === "emails" ? sendOne(raw, idempotencyKey) : sendBatch(raw, idempotencyKey, req);
    await answer(res, record, outcome);
    entry.outcome = outcome;
  }

  function sendOne(raw: string, idempotencyKey: string | null): Outcome {
    const body = parseJson(raw);
    if (!body.ok) return validationError(body.message);
    const result = parseMessage(body.value, "emails", idempotencyKey);
    if (!result.ok) return validationError(result.message);
    return { status: 200, body: { id: accept(result.email) } };
  }

  function sendBatch(raw: string, idempotencyKey: string | null, req: IncomingMessage): Outcome {
    const mode = headerValue(req, "x-batch-validation") ?? "strict";
    if (mode !== "strict" && mode !== "permissive") {
      return validationError("x-batch-validation must be `strict` or `permissive`.");
    }
    const body = parseJson(raw);
    if (!body.ok) return validationError(body.message);
    if (!Array.isArray(body.value)) return validationError("The request body must be an array of emails.");
    if (body.value.length < 1 || body.value.length > MAX_BATCH_SIZE) {
      return validationError(`A batch must contain between 1 and ${MAX_BATCH_SIZE} emails.`);
    }
    const results = body.value.map((message: unknown) => parseMessage(message, "batch", idempotencyKey));
    const errors = results.flatMap((result, index) =>
      result.ok ? [] : [{ index, message: result.message }],
    );
    const first = errors[0];
    // Strict is all-or-nothing; permissive sends the valid emails and reports the others by index.
    if (mode === "strict" && first) return validationError(`emails[${first.index}]: ${first.message}`);
    const data = results.flatMap((r) => (r.ok ? [{ id: accept(r.email) }] : []));
    return { status: 200, body: mode === "strict" ? { data } : { data, errors } };
  }

  function accept(email: Omit<AcceptedEmail, "id" | "receivedAt">): string {
    const id = randomUUID();
    const kept = keepBodies ? email : withoutBodies(email);
    accepted.push({ id, ...kept, receivedAt: Date.now() });
    return id;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      // An unexpected bug in the stand-in must surface as a 500, never as a hang the test misreads.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: String(cause) }));
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    failNext: (count, response) => script(count, { kind: "respond", response }),
    rateLimitNext: (count, retryAfterSeconds) =>
      script(count, {
        kind: "respond",
        response: {
          status: 429,
          body: {
            statusCode: 429,
            name: "rate_limit_exceeded",
            message: "Too many requests. Please limit the number of requests per second.",
          },
          headers: {
            "retry-after": String(retryAfterSeconds),
            "ratelimit-limit": "2",
            "ratelimit-remaining": "0",
            "ratelimit-reset": String(retryAfterSeconds),
          },
        },
      }),
    hangNext: (count) => script(count, { kind: "hang" }),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`latency must be a non-negative number: ${ms}`);
      latencyMs = ms;
    },
    acceptedCountsByRecipient: () => countByRecipient(accepted),
    reset: () => {
      // The arrays are shared with callers, so they are emptied in place rather than replaced.
      accepted.length = 0;
      requests.length = 0;
      scripts = [];
      idempotency = new Map();
      latencyMs = 0;
    },
    close: async () => {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function parseMessage(
  value: unknown,
  via: AcceptedEmail["via"],
  idempotencyKey: string | null,
): MessageResult {
  if (!isRecord(value)) return { ok: false, message: "Each email must be a JSON object." };
  for (const field of UNMODELLED_FIELDS) {
    if (value[field] !== undefined) {
      return { ok: false, message: `The \`${field}\` field is not supported by the Resend stand-in.` };
    }
  }
  const { from, subject, html, text } = value;
  if (typeof from !== "string" || from === "") return missing("from");
  if (!isAddress(from)) return invalidAddress("from");
  if (typeof subject !== "string" || subject === "") return missing("subject");
  if (html !== undefined && typeof html !== "string") return invalid("html");
  if (text !== undefined && typeof text !== "string") return invalid("text");
  if (!html && !text) return { ok: false, message: "Either `html` or `text` must be provided." };

  const to = addressList(value.to, "to");
  if (!to.ok) return to;
  if (to.list === undefined || to.list.length === 0) return missing("to");
  if (to.list.length > MAX_TO_ADDRESSES) {
    return { ok: false, message: `Invalid \`to\` field. The maximum is ${MAX_TO_ADDRESSES} recipients.` };
  }
  const cc = addressList(value.cc, "cc");
  if (!cc.ok) return cc;
  const bcc = addressList(value.bcc, "bcc");
  if (!bcc.ok) return bcc;
  const replyTo = addressList(value.reply_to, "reply_to");
  if (!replyTo.ok) return replyTo;

  const headers = value.headers ?? {};
  if (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === "string")) {
    return invalid("headers");
  }
  const tags = value.tags;
  if (
    tags !== undefined &&
    !(
      Array.isArray(tags) &&
      tags.every((t) => isRecord(t) && isTagPart(t.name) && isTagPart(t.value) && Object.keys(t).length === 2)
    )
  ) {
    return invalid("tags");
  }

  return {
    ok: true,
    email: {
      idempotencyKey,
      via,
      from,
      to: to.list,
      ...(cc.list && { cc: cc.list }),
      ...(bcc.list && { bcc: bcc.list }),
      ...(replyTo.list && { replyTo: replyTo.list }),
      subject,
      ...(html !== undefined && { html }),
      ...(text !== undefined && { text }),
      headers: headers as Record<string, string>,
      ...(tags !== undefined && { tags: tags as { name: string; value: string }[] }),
    },
  };
}

function withoutBodies<T extends { html?: string; text?: string }>(email: T): Omit<T, "html" | "text"> {
  const { html: _html, text: _text, ...rest } = email;
  return rest;
}

function addressList(
  value: unknown,
  field: string,
): { ok: true; list?: string[] } | { ok: false; message: string } {
  if (value === undefined) return { ok: true };
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((a) => typeof a === "string" && isAddress(a)))
    return invalidAddress(field);
  return { ok: true, list };
}

function countByRecipient(emails: AcceptedEmail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of emails) {
    // A person in both `to` and `cc` of one email still received one email.
    const recipients = new Set(
      [...email.to, ...(email.cc ?? []), ...(email.bcc ?? [])].map((a) => bareAddress(a).toLowerCase()),
    );
    for (const recipient of recipients) counts.set(recipient, (counts.get(recipient) ?? 0) + 1);
  }
  return counts;
}

/** "Rollcall <news@rollcall.example>" → "news@rollcall.example", the form Resend accepts for every address. */
function bareAddress(address: string): string {
  const named = /<([^<>]+)>\s*$/.exec(address);
  return (named?.[1] ?? address).trim();
}

// Resend accepts `email@example.com` or `Name <email@example.com>`: one @, no spaces, and a domain
// of dot-separated labels (so `someone@localhost` is refused, as Resend refuses it).
const ADDRESS =
  /^[^\s@<>]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function isAddress(address: string): boolean {
  return ADDRESS.test(bareAddress(address));
}

function isTagPart(value: unknown): boolean {
  return typeof value === "string" && TAG_PATTERN.test(value);
}

function missing(field: string): { ok: false; message: string } {
  return { ok: false, message: `Missing \`${field}\` field.` };
}

function invalid(field: string): { ok: false; message: string } {
  return { ok: false, message: `Invalid \`${field}\` field.` };
}

function invalidAddress(field: string): { ok: false; message: string } {
  return {
    ok: false,
    message: `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
  };
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, message: "The request body is not valid JSON." };
  }
}

function error(status: number, name: string, message: string): Outcome {
  return { status, body: { statusCode: status, name, message } };
}

function validationError(message: string): Outcome {
  return error(422, "validation_error", message);
}

function defaultErrorBody(status: number): unknown {
  const name = status >= 500 ? "internal_server_error" : "application_error";
  return { statusCode: status, name, message: "Scripted failure from the Resend stand-in." };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : (value?.[0] ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
