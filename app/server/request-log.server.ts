import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { log, logs } from "~/utils/logger.server";

// Path segments that look like tokens (confirmation links, unsubscribe links) are secrets that
// identify a person, so they never reach the logs; query strings are dropped for the same reason.
// Tokens are random base64url; campaign slugs are lower-case words joined by hyphens.
const TOKEN_LIKE = /^[A-Za-z0-9_-]{20,}$/;
const SLUG_LIKE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isTokenLike(segment: string): boolean {
  return TOKEN_LIKE.test(segment) && !SLUG_LIKE.test(segment);
}

export function redactPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (isTokenLike(segment.replace(/\.data$/, "")) ? ":redacted" : segment))
    .join("/");
}

/** Logs one request once its response is sent: method, path, status, duration. */
export function logWhenFinished(req: IncomingMessage, res: ServerResponse, path: string): void {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    log.info("request", {
      method: req.method,
      path: redactPath(path),
      status: res.statusCode,
      durationMs: Math.round(durationMs * 10) / 10,
    });
  });
}

/** One JSON line per request: method, path, status, duration. No IPs, no user agents, no bodies. */
export function requestLog(): RequestHandler {
  // At LOG_LEVEL=warn and above nothing is written, so nothing is measured either.
  if (!logs("info")) return (_req, _res, next) => next();
  return (req, res, next) => {
    logWhenFinished(req, res, req.path);
    next();
  };
}
