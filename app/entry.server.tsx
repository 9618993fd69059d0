import { PassThrough } from "node:stream";
import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { splitLocalePath } from "~/i18n/locales";
import { describeError, log } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce";

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
  const nonce = loadContext.cspNonce;
  varyOnLanguage(request, responseHeaders);
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
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
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
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the client went away) are not errors of ours.
  if (request.signal.aborted) return;
  log.error("unhandled error", { method: request.method, ...describeError(error) });
};
