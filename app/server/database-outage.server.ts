// A database restart is a blip, not an outage: while PostgreSQL cannot be reached, requests answer
// 503 ("try again in a moment") and the process keeps running, so it serves again by itself as
// soon as the database is back.
import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "~/utils/db-errors";
import { describeError, log } from "~/utils/logger.server";

// Seconds a client is asked to wait before trying again.
const RETRY_AFTER_SECONDS = "5";

type RouteModule = ServerBuild["routes"][string]["module"];
type DataFunction = NonNullable<RouteModule["loader"]>;

function answeringOutagesWith503(routeId: string, handle: DataFunction): DataFunction {
  return async (args) => {
    try {
      return await handle(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn("database unavailable", { route: routeId, ...describeError(error) });
      // A thrown Response: pages show the root ErrorBoundary's translated "unavailable" message
      // with this status, and resource routes (JSON, images) answer it as it is.
      throw new Response("Service Unavailable", {
        status: 503,
        headers: { "Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store" },
      });
    }
  };
}

/**
 * The build with every loader and action answering 503 when the database is unavailable, instead
 * of Remix's 500. One place for every route, rather than a try/catch in each.
 */
export function answerDatabaseOutagesWith503(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module: RouteModule = { ...route.module };
      if (module.loader) module.loader = answeringOutagesWith503(id, module.loader);
      if (module.action) module.action = answeringOutagesWith503(id, module.action);
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes };
}

/**
 * pg-boss 10 completes and fails jobs without awaiting the result. When the database restarts under
 * it, that promise rejects with nobody to catch it, and Node would end the process. Such a
 * rejection is logged and the process carries on: the job concerned stays active, and is retried
 * once it expires (every job is idempotent). Any other unhandled rejection still ends the process.
 */
export function surviveDatabaseOutages(): void {
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log.warn("database unavailable (unhandled rejection)", describeError(reason));
      return;
    }
    log.error("unhandled rejection", describeError(reason));
    process.exit(1);
  });
}
