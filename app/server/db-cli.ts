// `npm run db:deploy | db:migrate | db:seed`: run against DATABASE_URL, or, when it is unset, the
// embedded database under DATA_DIR (started for the command if `npm run dev` is not running).
import { JOBS } from "~/jobs/registry.server";
import { connectDatabase, loadEnvOrExit } from "~/server/boot.server";
import { runPrisma } from "~/server/prepare-database.server";
import { installQueues } from "~/services/queue.server";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";

const [command, ...args] = process.argv.slice(2);
const { url, embedded } = await connectDatabase(loadEnvOrExit(), false);

try {
  if (command === "deploy") {
    await runPrisma(["migrate", "deploy", ...args], url, true);
    await installQueues(url, JOBS);
  } else if (command === "migrate") {
    // On a database with no migrations applied yet, the Wasm engine's `migrate dev` asks for a
    // shadow-database factory it does not have; applying the committed migrations first avoids it.
    await runPrisma(["migrate", "deploy"], url);
    await runPrisma(["migrate", "dev", ...args], url, true);
    await installQueues(url, JOBS);
  } else if (command === "seed") await seedDatabase(getPrisma());
  else throw new Error(`Unknown command "${command}": use deploy, migrate or seed.`);
} finally {
  await disconnectPrisma();
  await embedded?.stop();
}
