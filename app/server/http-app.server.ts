import type { ServerBuild } from "@remix-run/node";
import type { RequestListener } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { sendHttpError } from "~/server/http-error.server";
import { warnOnUntrustedProxy } from "~/server/proxy-warning.server";
import { answerFromPageCache, pageCache } from "~/server/page-cache.server";
import { remixHandler } from "~/server/remix-handler.server";
import { requestGuards } from "~/server/request-guards.server";
import { logWhenFinished, requestLog } from "~/server/request-log.server";
import {
  contentSecurityPolicy,
  isEmbedPath,
  newCspNonce,
  securityHeaders,
  securityHeadersFor,
} from "~/server/security-headers.server";
import { signFastPath } from "~/server/sign-fast-path.server";
import type { Env } from "~/utils/env.server";
import { hashIp } from "~/utils/ip-hash.server";
import { describeError, log, logs } from "~/utils/logger.server";

const FLAGS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve("flag-icons/package.json")),
  "flags/4x3",
);

export type HttpAppOptions = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  env: Env;
  devServerOrigin?: string;
};

/**
 * What the HTTP server runs for each request: a fresh cached page is answered at once (with the
 * headers and log line every response gets); everything else goes through the Express app.
 */
export function createRequestListener(options: HttpAppOptions): RequestListener {
  const app = createHttpApp(options);
  const headersFor = securityHeadersFor({
    production: options.env.NODE_ENV === "production",
    devServerOrigin: options.devServerOrigin,
  });
  const logging = logs("info");
  return (req, res) => {
    if (answerFromPageCache(req, res, headersFor)) {
      if (logging) logWhenFinished(req, res, req.url ?? "");
      return;
    }
    app(req, res);
  };
}

export function createHttpApp({ build, env, devServerOrigin }: HttpAppOptions) {
  const production = env.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  // Behind a CDN or load balancer, TRUST_PROXY hops of X-Forwarded-For are believed.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(requestLog());
  app.use(warnOnUntrustedProxy(env.TRUST_PROXY));
  app.use(securityHeaders({ production, devServerOrigin }));
  // Before anything reads a request: bad targets, methods, origins and bodies end here with a 4xx.
  app.use(requestGuards({ appUrl: env.APP_URL }));
  // Public pages, the same for every reader, rendered once a second at most and compressed once
  // (docs/decisions/0016): answered before the static files' disk lookups and compression.
  app.use(pageCache());
  app.use(compression());
  // Fingerprinted assets never change; everything else in public/ may.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use("/client", express.static("public/client", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  // Country flags from the flag-icons package, served as they ship (no third-party origin).
  app.use("/flags", express.static(FLAGS_DIR, { maxAge: "7d", index: false }));
  app.use(signFastPath(build));
  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req) => {
        // Used only if Remix hydrates the page (entry.server.tsx): public pages carry no nonce.
        const cspNonce = newCspNonce();
        const allowFraming = isEmbedPath(req.path);
        return {
          cspNonce,
          cspWithNonce: contentSecurityPolicy({ nonce: cspNonce, allowFraming, devServerOrigin }),
          ipHash: hashIp(req.ip ?? ""),
          clientIp: req.ip ?? "",
        };
      },
    }),
  );
  // Errors outside Remix (a request handler that threw): the translated page for the status and
  // nothing more. Express's own handler would print the stack in development.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = httpStatusOf(error);
    if (status >= 500) log.error("request failed", describeError(error));
    if (res.headersSent) return next(error);
    sendHttpError(req, res, status);
  });
  return app;
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}
