// Hands Express requests to Remix. Remix's own Express adapter reads the body from the request
// stream, but by the time a request gets here its body has been read: by request-guards.server.ts,
// which leaves the bytes in `req.body`, or by the sign fast path, which leaves the form it declined
// in `res.locals.formBody` (a string).
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { respondWithPage } from "~/server/page-cache.server";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

type Options = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
};

function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // request-guards.server.ts has checked Origin, against APP_URL as well as the Host header.
    // Remix's own check compares it with X-Forwarded-Host or Host only, which a proxy may rewrite
    // (or a client may send), and fails the action with a 500 when they differ.
    if (name === "origin") continue;
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  // req.protocol honours "trust proxy"; the Host header is the proxy's to set (request-guards
  // checked it is one). The path is appended, not resolved, so `//host/x` or `/\\host` stays a path.
  const protocol = req.protocol === "https" ? "https" : "http";
  const url = new URL(`${protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`);
  // Loaders and actions are aborted when the client goes away before the response is sent.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const formBody: unknown = res.locals.formBody;
    const readBody: unknown = req.body;
    if (typeof formBody === "string") init.body = formBody;
    else if (Buffer.isBuffer(readBody)) init.body = Uint8Array.from(readBody);
    else {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
  }
  return new Request(url, init);
}

/** Resolves once `res` wants more (drain) or has gone away (close), whichever comes first. */
function writable(res: ExpressResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes a response body, reading the next chunk only once the socket has taken the last one.
 * Remix's own writeReadableStreamToWritable ignores backpressure, so a slow client of a streamed
 * export (a million signatures) would make the server buffer the whole file; a client that goes
 * away cancels the body, which stops its producer.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: ExpressResponse): Promise<void> {
  const reader = body.getReader();
  // compression() adds flush(): without it, a streamed page's early chunks wait in gzip.
  const flushable = res as ExpressResponse & { flush?: () => void };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const more = res.write(value);
      flushable.flush?.();
      if (!more && !res.destroyed) await writable(res);
    }
    res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

export function remixHandler({ build, mode, getLoadContext }: Options): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const response = await handle(toFetchRequest(req, res), getLoadContext(req, res));
      if (await respondWithPage(req, res, response)) return;
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers) {
        // A hydrated page's policy (with its nonce) replaces the default one, never adds to it.
        if (name === "content-security-policy") res.setHeader(name, value);
        else res.append(name, value);
      }
      if (response.body) await writeBody(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
