import { Transform } from "node:stream";
import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { splitLocalePath } from "~/i18n/locales";
import { describeError, log } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce";
import type { PageHandle } from "~/utils/page-handle";
import { SHARED_PAGE_CACHE_CONTROL } from "~/server/page-cache.server";

// The sign form's fast path runs before Remix, on this build's modules (app/server/sign-fast-path.server.ts).
export { acceptCampaignPageSignature } from "~/models/signing.server";

const ABORT_DELAY_MS = 5_000;

export const streamTimeout = ABORT_DELAY_MS;

// Unprefixed pages are rendered in the language the browser asks for, so caches must key on it.
function varyOnLanguage(request: Request, headers: Headers): void {
  const { pathname } = new URL(request.url);
  if (!splitLocalePath(pathname.replace(/\.data$/, "")).locale) headers.append("Vary", "Accept-Language");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  varyOnLanguage(request, responseHeaders);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (!hydrates(remixContext)) {
    const caching = sharedCaching(request, responseStatusCode, responseHeaders, remixContext);
    if (caching) responseHeaders.set("Cache-Control", caching);
    return renderStatic(request.url, responseStatusCode, responseHeaders, remixContext);
  }
  // A page that runs Remix in the browser carries inline scripts, allowed by this request's nonce.
  responseHeaders.set("Content-Security-Policy", loadContext.cspWithNonce);
  // Staff and developer pages are for one reader: never kept by a browser or proxy cache.
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-store");
  return renderStreaming(request, responseStatusCode, responseHeaders, remixContext, loadContext.cspNonce);
}

/** Whether any route of the page asks for Remix in the browser (docs/decisions/0016). */
function hydrates({ staticHandlerContext, routeModules }: EntryContext): boolean {
  return staticHandlerContext.matches.some(
    (match) => (routeModules[match.route.id]?.handle as PageHandle | undefined)?.hydrate,
  );
}

/**
 * For a GET of a page its route marks the same for every reader, found (or a 404), and not given
 * a caching rule by its loader: shared, unless the request carries a cookie (which a shared copy
 * must never be served to, nor made from).
 */
function sharedCaching(
  request: Request,
  status: number,
  headers: Headers,
  context: EntryContext,
): string | null {
  const leaf = context.staticHandlerContext.matches.at(-1);
  const handle = leaf && (context.routeModules[leaf.route.id]?.handle as PageHandle | undefined);
  if (!handle?.shared || request.method !== "GET") return null;
  if ((status !== 200 && status !== 404) || headers.has("Cache-Control")) return null;
  return request.headers.has("cookie") ? "private, no-store" : SHARED_PAGE_CACHE_CONTROL;
}

/**
 * Public pages: the whole document as one string, the same bytes for every reader, with no nonce
 * and no inline script. Not streamed: React 18's streaming renderer can emit stray bytes where a
 * multi-byte character meets its 2,048-byte buffer's end, and a page cached whole gains nothing
 * from streaming.
 */
function renderStatic(url: string, status: number, headers: Headers, remixContext: EntryContext): Response {
  const markup = renderToString(<RemixServer context={remixContext} url={url} />);
  return new Response(`<!DOCTYPE html>${markup}`, { status, headers });
}

/**
 * React 18.3.1's streaming renderer sends unwritten zero bytes where a multi-byte character meets
 * the end of its buffer (see renderStatic); staff pages are mostly Korean and stream, so the NULs
 * are dropped here. They are all it adds: HTML text never carries a NUL of its own.
 */
function withoutStrayNuls(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.indexOf(0) === -1 ? chunk : chunk.filter((byte) => byte !== 0));
    },
  });
}

function renderStreaming(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  nonce: string,
) {
  // Crawlers and no-JavaScript clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutStrayNuls();
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell was sent are logged here; earlier ones reach handleError.
          if (shellRendered) log.error("render error", describeError(error));
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS + 1_000);
  });
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  varyOnLanguage(request, response.headers);
  // Only pages that hydrate fetch data (the staff area, the dev outbox): one reader's, never cached.
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the client went away) are not errors of ours.
  if (request.signal.aborted) return;
  log.error("unhandled error", { method: request.method, ...describeError(error) });
};
