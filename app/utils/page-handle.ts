import type { ClientScript } from "~/utils/client-scripts.server";

/**
 * What a route module's `handle` may say about its page. Public pages are plain HTML: Remix runs
 * in the browser only on pages with a route that sets `hydrate` (docs/decisions/0016).
 */
export type PageHandle = {
  /** Framed by partner sites: no site header or footer. */
  embed?: boolean;
  /** Load Remix's client and hydrate (staff and developer pages). */
  hydrate?: boolean;
  /**
   * The page is the same for every reader of a language (no per-reader data, no cookie): it is
   * marked cacheable and rendered once a second at most (app/server/page-cache.server.ts).
   */
  shared?: boolean;
  /** Scripts from app/client/ this page loads when it does not hydrate. */
  scripts?: ClientScript[];
};
