// `npm run worker`: runs background jobs without serving HTTP, for deployments that scale workers
// apart from the app (set WORKER_MODE=off on the app then). Uses DATABASE_URL, or the embedded
// database of a running `npm run dev` / `npm start` when it is unset.
import { connectDatabase, loadEnvOrExit, startJobWorker } from "~/server/boot.server";
import { surviveDatabaseOutages } from "~/server/database-outage.server";
import { disconnectPrisma } from "~/utils/db.server";
import { describeError, log } from "~/utils/logger.server";

async function main() {
  surviveDatabaseOutages();
  const env = loadEnvOrExit();
  const { embedded } = await connectDatabase(env, false);
  const worker = await startJobWorker(env);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await disconnectPrisma();
    await embedded?.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  log.error("worker start-up failed", describeError(error));
  process.exit(1);
});
