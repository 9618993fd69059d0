// HTTP/1.1 over a bare TCP socket, for requests fetch and node:http refuse to send: raw control or
// non-ASCII bytes in the target, odd Host headers, bodies that lie about their type, slow clients.
import net from "node:net";

export type RawRequest = {
  method: string;
  /** The request target as written on the wire; each character is one byte (latin1). */
  target: string;
  /** In order; a Host header is not added for you. */
  headers: [string, string][];
  body?: Buffer;
  /** How the body is framed: with Content-Length (the default) or in chunks of at most this size. */
  chunkSize?: number;
};

export type RawResponse = {
  /** The final status (after any 100 Continue), or null when the server closed without answering. */
  status: number | null;
  head: string;
  body: string;
};

/** The request's bytes: head, then the body framed as asked, with `Connection: close`. */
export function encodeRequest(request: RawRequest): Buffer {
  const { method, target, headers, body, chunkSize } = request;
  const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  const parts: Buffer[] = [];
  if (body && chunkSize) {
    lines.push("Transfer-Encoding: chunked");
    for (let at = 0; at < body.length; at += chunkSize) {
      const chunk = body.subarray(at, at + chunkSize);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
    }
    parts.push(Buffer.from("0\r\n\r\n"));
  } else if (body) {
    lines.push(`Content-Length: ${body.length}`);
    parts.push(body);
  }
  lines.push("Connection: close", "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), ...parts]);
}

export function parseResponse(raw: string): RawResponse {
  let rest = raw;
  // Interim 1xx answers (100 Continue) come first, each with its own empty line.
  while (/^HTTP\/1\.1 1\d\d /.test(rest) && rest.includes("\r\n\r\n")) {
    rest = rest.slice(rest.indexOf("\r\n\r\n") + 4);
  }
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(rest);
  const split = rest.indexOf("\r\n\r\n");
  return {
    status: match ? Number(match[1]) : null,
    head: split === -1 ? rest : rest.slice(0, split),
    body: split === -1 ? "" : rest.slice(split + 4),
  };
}

/**
 * Sends `request` and reads until the server closes. A server that answers before reading the
 * whole body may reset the connection while we still write; what it answered still counts.
 */
export function sendRaw(
  port: number,
  request: RawRequest | Buffer,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(request) ? request : encodeRequest(request);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of response within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("data", (chunk) => received.push(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(received).toString("utf8")));
    });
    socket.write(bytes);
  });
}

/** The header's value in a response head (the first of that name), or undefined. */
export function headerOf(head: string, name: string): string | undefined {
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(":") + 1).trim();
}

/**
 * A post that keeps sending zeros (framed as chunks when `chunked`) until the server answers or
 * closes; reports how much got through.
 */
export function streamBody(
  port: number,
  head: string,
  totalBytes: number,
  chunked: boolean,
): Promise<{ status: number | null; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const zeros = Buffer.alloc(64 * 1024);
    const chunk = chunked ? Buffer.concat([Buffer.from("10000\r\n"), zeros, Buffer.from("\r\n")]) : zeros;
    let sent = 0;
    let answer = "";
    let closed = false;
    const pump = () => {
      while (!closed && !answer && sent < totalBytes) {
        sent += zeros.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    socket.on("data", (data) => (answer += data.toString("latin1")));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      closed = true;
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]) || null, sent });
    });
    socket.write(head);
    pump();
  });
}

/** A client that never finishes: it sends `parts` one a second and then waits. */
export function slowClient(
  port: number,
  parts: string[],
): Promise<{ status: number | null; elapsedMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    const timer = setInterval(() => {
      const part = parts.shift();
      if (part !== undefined && socket.writable) socket.write(part);
    }, 1_000);
    socket.write(parts.shift() ?? "");
    socket.on("data", (data) => (answer += data.toString("latin1")));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearInterval(timer);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]) || null,
        elapsedMs: Date.now() - started,
      });
    });
  });
}
