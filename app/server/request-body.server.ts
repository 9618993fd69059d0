import type { IncomingMessage } from "node:http";

/** Whether the request says a body follows (an empty chunked body still says so). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

export type BodyRead = { outcome: "read"; body: Buffer } | { outcome: "too-large" } | { outcome: "gone" };

/**
 * Reads a request body, counting bytes as they arrive, and stops at the first byte past `maxBytes`
 * whether or not a Content-Length was sent: a huge or endless body never sits in memory. "gone":
 * the client went away (or the server's request timeout ended the request) before the end.
 */
export function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  if (Number(req.headers["content-length"]) > maxBytes) return Promise.resolve({ outcome: "too-large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (result: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return void chunks.push(chunk);
      // Stop taking bytes; the refusal drops a little more and closes (dropRestOfBody).
      req.pause();
      settle({ outcome: "too-large" });
    };
    const onEnd = () => settle({ outcome: "read", body: Buffer.concat(chunks) });
    const onGone = () => settle({ outcome: "gone" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

// After a request is refused mid-body, at most this much more is read (and dropped), for at most
// this long. Closing at once, with the client's bytes unread, makes the kernel reset the connection
// and can discard the answer still on its way; so the client gets a moment to read it and stop.
const DRAIN = { maxBytes: 1024 * 1024, ms: 2_000 };

/**
 * For a request answered before its body was read: drops what still arrives, and closes the
 * connection once DRAIN is used up. A body that ends within it leaves the connection reusable.
 */
export function dropRestOfBody(req: IncomingMessage): void {
  if (req.complete || !hasBody(req)) return;
  let dropped = 0;
  // First only our side (FIN, after the answer): a client still sending reads the answer and the
  // end of the connection, where a reset now could discard the answer in its receive buffer.
  // Whatever it sends meanwhile is dropped until the connection is destroyed a moment later.
  const close = () => {
    if (req.socket.destroyed) return;
    req.socket.end();
    setTimeout(() => req.socket.destroy(), DRAIN.ms).unref();
  };
  const timer = setTimeout(close, DRAIN.ms);
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN.maxBytes) close();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("close", () => clearTimeout(timer));
  req.resume();
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Whether a posted form is one the app can take: UTF-8 (our pages post nothing else), parseable,
 * and free of NUL characters, which PostgreSQL text cannot store (a NUL in a name would otherwise
 * fail the insert with a 500). Multipart forms are parsed here by the same parser Remix's
 * `request.formData()` uses, so a form that passes here cannot fail there.
 */
export async function isReadableForm(body: Buffer, contentType: string): Promise<boolean> {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return false;
  }
  const form = contentType.toLowerCase().startsWith("multipart/form-data")
    ? await new Response(Uint8Array.from(body), { headers: { "Content-Type": contentType } })
        .formData()
        .catch(() => null)
    : new URLSearchParams(text);
  if (!form) return false;
  for (const [name, value] of form) {
    if (name.includes("\0") || (typeof value === "string" && value.includes("\0"))) return false;
  }
  return true;
}
