/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  // Single fetch is on (remix.config.js): loaders' types then follow what `data()` returns.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /**
     * Per-request nonce, and the Content-Security-Policy that allows it, for the pages that run
     * Remix in the browser (app/server/security-headers.server.ts); public pages use neither.
     */
    cspNonce: string;
    cspWithNonce: string;
    /** Keyed hash of the client's IP address (the raw address is never handed to routes). */
    ipHash: string;
    /** The client's IP, for block-list checks only: never stored or logged. */
    clientIp: string;
  }
}
