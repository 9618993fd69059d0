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

// The dev outbox's and the staff update page's previews of an email's HTML: emails style themselves
// inline, so those pages get a sandboxed policy that allows inline styles and nothing else (no
// scripts, no network).
const EMAIL_PREVIEW_PATH =
  /^(?:\/dev\/outbox\/[^/]+\/html|\/(?:(?:en|ko|ja)\/)?admin\/updates\/[^/]+\/preview\/(?:en|ko|ja))$/;
const EMAIL_PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// The donate forms answer a valid post with a redirect to Stripe's hosted payment page, and
// browsers hold a form's redirects to form-action too: only these pages may send a form there.
const DONATE_PATH = /^\/(?:(?:en|ko|ja)\/)?(?:campaigns\/[^/]+\/)?donate$/;
export const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";

export type CspOptions = {
  /** Allows inline scripts carrying it; without one, scripts load only from this origin. */
  nonce?: string;
  allowFraming: boolean;
  /** Remix's dev server origin, whose websocket drives live reload in development. */
  devServerOrigin?: string;
  /** Other origins a form on the page may be sent (or redirected) to. */
  formTargets?: string[];
};

export function contentSecurityPolicy({
  nonce,
  allowFraming,
  devServerOrigin,
  formTargets = [],
}: CspOptions): string {
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
    "form-action": ["'self'", ...formTargets],
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

/**
 * The headers for a response to `path`, as a list built once per kind of path: they are set on
 * every response, cached pages included (app/server/page-cache.server.ts sets them itself).
 */
export function securityHeadersFor(options: {
  production: boolean;
  devServerOrigin?: string;
}): (path: string) => [string, string][] {
  const { production, devServerOrigin } = options;
  const build = (csp: string, allowFraming: boolean, crossOrigin: boolean): [string, string][] => {
    const headers: [string, string][] = [["Content-Security-Policy", csp]];
    if (!allowFraming) headers.push(["X-Frame-Options", "DENY"]);
    headers.push(
      ["X-Content-Type-Options", "nosniff"],
      ["Referrer-Policy", "strict-origin-when-cross-origin"],
      ["Cross-Origin-Opener-Policy", "same-origin"],
      ["Cross-Origin-Resource-Policy", crossOrigin ? "cross-origin" : "same-origin"],
      ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    );
    // Browsers ignore HSTS received over plain http, so sending it on a local `npm start` is harmless.
    if (production) headers.push(["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]);
    return headers;
  };
  const page = build(contentSecurityPolicy({ allowFraming: false, devServerOrigin }), false, false);
  const embed = build(contentSecurityPolicy({ allowFraming: true, devServerOrigin }), true, false);
  const shareImage = build(contentSecurityPolicy({ allowFraming: false, devServerOrigin }), false, true);
  const emailPreview = build(EMAIL_PREVIEW_CSP, false, false);
  const donate = build(
    contentSecurityPolicy({ allowFraming: false, devServerOrigin, formTargets: [STRIPE_CHECKOUT_ORIGIN] }),
    false,
    false,
  );
  return (path) => {
    if (isEmbedPath(path)) return embed;
    if (SHARE_IMAGE_PATH.test(path)) return shareImage;
    if (EMAIL_PREVIEW_PATH.test(path)) return emailPreview;
    if (DONATE_PATH.test(path)) return donate;
    return page;
  };
}

export function securityHeaders(options: { production: boolean; devServerOrigin?: string }): RequestHandler {
  const headersFor = securityHeadersFor(options);
  return (req, res, next) => {
    for (const [name, value] of headersFor(req.path)) res.setHeader(name, value);
    next();
  };
}
