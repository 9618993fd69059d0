// The app server: `npm start` runs it from build/server, and `npm run dev` runs it (through
// `remix dev`, which restarts it on every rebuild) with tsx.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import {
  loadEnvOrExit,
  startInProcessWorker,
  startLocalDatabase,
  warnIfProductionDemo,
} from "~/server/boot.server";
import { answerDatabaseOutagesWith503, surviveDatabaseOutages } from "~/server/database-outage.server";
import { createRequestListener } from "~/server/http-app.server";
import { createHttpServer } from "~/server/http-server.server";
import { disconnectPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { describeError, log } from "~/utils/logger.server";

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  surviveDatabaseOutages();
  const env = loadEnvOrExit();
  warnIfProductionDemo(env);
  const database = await startLocalDatabase(env);
  const worker = await startInProcessWorker(env);
  const build = answerDatabaseOutagesWith503(
    (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild,
  );
  const app = createRequestListener({ build, env: getEnv(), devServerOrigin: env.REMIX_DEV_ORIGIN });

  const server = createHttpServer(app).listen(env.PORT, env.HOST, () => {
    log.info("listening", { url: `http://${env.HOST}:${env.PORT}`, mode: env.NODE_ENV });
    if (env.NODE_ENV === "development") void broadcastDevReady(build);
  });
  server.on("error", (error) => {
    log.error("server failed", describeError(error));
    void shutdown(1);
  });

  let stopping = false;
  async function shutdown(code: number) {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    // In-flight requests get a grace period; idle keep-alive connections are closed at once.
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await worker?.stop();
    await disconnectPrisma();
    await database?.stop();
    process.exit(code);
  }
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));
}

main().catch((error: unknown) => {
  log.error("start-up failed", describeError(error));
  process.exit(1);
});
