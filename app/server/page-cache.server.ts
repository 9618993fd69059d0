// Public pages and the live count are the same bytes for every reader of a language, so each is
// rendered once a second at most, compressed once (brotli and gzip) and served from memory to
// everyone else, with an ETag for 304s (docs/decisions/0016). Remix renders a page in tens of
// milliseconds; a cached one is answered in microseconds.
//
// What is cached: a GET (or HEAD) without a query string or cookie whose response says
// `Cache-Control: public` and sets no cookie, with status 200 or 404. Everything else passes by.
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { negotiateLocale, splitLocalePath } from "~/i18n/locales";

/** How long a rendered page is served before the next request renders it again. */
export const PAGE_CACHE_TTL_MS = 1_000;
/** A stale page may be served this long while one request renders its successor. */
const STALE_MS = 10_000;
// Far more than the public pages there are (a few per campaign and language); random paths that
// end in a 404 cannot grow memory past this.
const MAX_ENTRIES = 500;

/** What a shared page tells caches: a CDN may keep it for 2 s; browsers revalidate (ETag). */
export const SHARED_PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=2";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Entry = {
  status: number;
  headers: [string, string][];
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  freshUntil: number;
  staleUntil: number;
};

const entries = new Map<string, Entry>();
/** Keys whose page is being rendered, so concurrent misses wait for one render, not run many. */
const rendering = new Map<string, Promise<Entry | null>>();

function keyOf(req: IncomingMessage): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const path = req.url ?? "";
  // A query string or a cookie could make the page differ, and would let anyone fill the cache.
  if (req.headers.cookie || !path.startsWith("/") || path.includes("?")) return null;
  // Files (scripts, styles, images) are express.static's.
  if (/\.[a-z0-9]+$/i.test(path)) return null;
  // An unprefixed page is in the language the browser asks for.
  const locale = splitLocalePath(path).locale ?? negotiateLocale(req.headers["accept-language"]);
  return `${locale} ${path}`;
}

function encodingFor(req: IncomingMessage): "br" | "gzip" | "identity" {
  const accepted = req.headers["accept-encoding"] ?? "";
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return "identity";
}

function send(entry: Entry, req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  if (entry.status === 200 && req.headers["if-none-match"] === entry.etag) {
    res.writeHead(304).end();
    return;
  }
  const encoding = encodingFor(req);
  const body = encoding === "identity" ? entry.identity : entry[encoding];
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.writeHead(entry.status);
  if (req.method === "HEAD") res.end();
  else res.end(body);
}

function cacheable(response: globalThis.Response): boolean {
  const cacheControl = response.headers.get("cache-control") ?? "";
  return (
    (response.status === 200 || response.status === 404) &&
    /(^|,)\s*public\b/.test(cacheControl) &&
    !response.headers.has("set-cookie")
  );
}

async function store(key: string, response: globalThis.Response): Promise<Entry> {
  const identity = Buffer.from(await response.arrayBuffer());
  // Compressed in the thread pool, not on the thread that answers requests.
  const [br, gz] = await Promise.all([
    brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6 } }),
    gzip(identity, { level: 6 }),
  ]);
  const etag = `"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
  const headers: [string, string][] = [["ETag", etag]];
  const vary = ["Accept-Encoding"];
  for (const [name, value] of response.headers) {
    if (name === "vary") vary.push(value);
    else if (name !== "content-length" && name !== "content-encoding") headers.push([name, value]);
  }
  headers.push(["Vary", vary.join(", ")]);
  const now = Date.now();
  const entry: Entry = {
    status: response.status,
    headers,
    etag,
    identity,
    gzip: gz,
    br,
    freshUntil: now + PAGE_CACHE_TTL_MS,
    staleUntil: now + PAGE_CACHE_TTL_MS + STALE_MS,
  };
  entries.delete(key);
  entries.set(key, entry);
  // Oldest first in a Map: drop the least recently stored beyond the limit.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return entry;
}

/**
 * For the HTTP server, before Express: answers a request for a page that is cached and fresh,
 * with `headers` (the security headers every response carries), and says whether it did. This
 * is most requests at viral scale, and Express's own work would cost more than the answer.
 */
export function answerFromPageCache(
  req: IncomingMessage,
  res: ServerResponse,
  headers: (path: string) => [string, string][],
): boolean {
  // A body on a GET is the request guards' to refuse.
  if (req.headers["content-length"] || req.headers["transfer-encoding"]) return false;
  const key = keyOf(req);
  const entry = key ? entries.get(key) : undefined;
  if (!entry || entry.freshUntil <= Date.now()) return false;
  for (const [name, value] of headers(req.url!)) res.setHeader(name, value);
  send(entry, req, res);
  return true;
}

/**
 * Answers from the cache when it can. On a miss, this request goes on to Remix (which hands its
 * response to `respondWithPage`), and concurrent requests for the same page wait for it; while a
 * page is re-rendered, others get the previous copy.
 */
export function pageCache(): RequestHandler {
  return (req, res, next) => {
    const key = keyOf(req);
    if (!key) return next();
    const now = Date.now();
    const entry = entries.get(key);
    if (entry && entry.freshUntil > now) return send(entry, req, res);
    const pending = rendering.get(key);
    if (pending) {
      if (entry && entry.staleUntil > now) return send(entry, req, res);
      void pending.then((rendered) => (rendered ? send(rendered, req, res) : next()));
      return;
    }
    // Only a GET's response is whole enough to keep: a HEAD is answered from a copy or not at all.
    if (req.method !== "GET") return next();
    let settle!: (entry: Entry | null) => void;
    const promise = new Promise<Entry | null>((resolve) => {
      settle = resolve;
    });
    rendering.set(key, promise);
    let settled = false;
    const done = (rendered: Entry | null) => {
      if (settled) return;
      settled = true;
      if (rendering.get(key) === promise) rendering.delete(key);
      settle(rendered);
    };
    // Whatever becomes of this request (an error, a client gone), the waiting ones go on.
    res.once("close", () => done(null));
    res.locals.pageCache = { key, done } satisfies PendingPage;
    next();
  };
}

type PendingPage = { key: string; done: (entry: Entry | null) => void };

/**
 * For the Remix handler: stores a cacheable response to a request `pageCache` let through and
 * sends it from the cache. False when the response is not for the cache (the caller sends it).
 */
export async function respondWithPage(
  req: Request,
  res: Response,
  response: globalThis.Response,
): Promise<boolean> {
  const pending = res.locals.pageCache as PendingPage | undefined;
  if (!pending) return false;
  if (!cacheable(response)) {
    pending.done(null);
    return false;
  }
  const entry = await store(pending.key, response);
  pending.done(entry);
  send(entry, req, res);
  return true;
}

/** For tests: forget every cached page. */
export function clearPageCache(): void {
  entries.clear();
}
