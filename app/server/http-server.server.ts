import http from "node:http";

// Limits on how long a client may take, so slow or unfinished requests (slowloris) cannot hold
// connections and memory. Node answers a request that runs out of time with 408 and closes it.
export const HTTP_TIMEOUTS = {
  /** From the connection (or the request's first byte) to the end of its headers. */
  headersMs: 10_000,
  /** The whole request, headers and body: a real form is a few KiB, even on a slow mobile link. */
  requestMs: 20_000,
  /**
   * An idle connection between requests. Longer than the idle timeout of the proxies the app runs
   * behind (60 s for nginx and most load balancers), which must close first or see spurious 502s.
   */
  keepAliveMs: 65_000,
  /** How often Node looks for connections past the first two limits (its default is 30 s). */
  checkIntervalMs: 1_000,
};

/** The app's HTTP server, with the limits above (`timeouts` is for tests). */
export function createHttpServer(
  handler: http.RequestListener,
  timeouts: typeof HTTP_TIMEOUTS = HTTP_TIMEOUTS,
): http.Server {
  return http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    handler,
  );
}
