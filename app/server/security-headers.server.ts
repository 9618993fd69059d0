import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

// Security headers for every response (docs/decisions/0006, 0016). Scripts load only from this
// origin, and no inline script runs: public pages are the same bytes for every reader, with no
// nonce. Pages that run Remix in the browser (staff, developer) carry inline scripts and get a
// policy with this request's nonce instead (entry.server.tsx sets it). Nothing loads from another
// origin; no page may be framed except the embed routes.

export function isEmbedPath(pathname: string): boolean {
  return /^\/(?:(?:en|ko|ja)\/)?embed(?:\/|$)/.test(pathname);
}

// Link-preview images are for other sites to show (a partner's page, a web client's card).
const SHARE_IMAGE_PATH = /^\/(?:(?:en|ko|ja)\/)?campaigns\/[^/]+\/share\.png$/;

// The dev outbox's preview of an email's HTML: emails style themselves inline, so that page gets a
// sandboxed policy that allows inline styles and nothing else (no scripts, no network).
const EMAIL_PREVIEW_PATH = /^\/dev\/outbox\/[^/]+\/html$/;
const EMAIL_PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export type CspOptions = {
  /** Allows inline scripts carrying it; without one, scripts load only from this origin. */
  nonce?: string;
  allowFraming: boolean;
  /** Remix's dev server origin, whose websocket drives live reload in development. */
  devServerOrigin?: string;
};

export function contentSecurityPolicy({ nonce, allowFraming, devServerOrigin }: CspOptions): string {
  const connect = ["'self'"];
  if (devServerOrigin) {
    const dev = new URL(devServerOrigin);
    connect.push(`ws://${dev.host}`, devServerOrigin);
  }
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": connect,
    "form-action": ["'self'"],
    "frame-ancestors": [allowFraming ? "*" : "'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** A fresh nonce, for a page Remix hydrates (see its policy in cspWithNonce). */
export function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

export function securityHeaders(options: { production: boolean; devServerOrigin?: string }): RequestHandler {
  const { devServerOrigin } = options;
  // The same for every request, so built once: this runs before every cached page too.
  const policies = {
    framed: contentSecurityPolicy({ allowFraming: true, devServerOrigin }),
    unframed: contentSecurityPolicy({ allowFraming: false, devServerOrigin }),
  };
  return (req, res, next) => {
    const allowFraming = isEmbedPath(req.path);
    res.setHeader(
      "Content-Security-Policy",
      EMAIL_PREVIEW_PATH.test(req.path)
        ? EMAIL_PREVIEW_CSP
        : allowFraming
          ? policies.framed
          : policies.unframed,
    );
    if (!allowFraming) res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader(
      "Cross-Origin-Resource-Policy",
      SHARE_IMAGE_PATH.test(req.path) ? "cross-origin" : "same-origin",
    );
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    // Browsers ignore HSTS received over plain http, so sending it on a local `npm start` is harmless.
    if (options.production) {
      res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    }
    next();
  };
}
