// `npm run db:deploy | db:migrate | db:seed`: run against DATABASE_URL, or, when it is unset, the
// embedded database under DATA_DIR (started for the command if `npm run dev` is not running).
import path from "node:path";
import { loadEnvOrExit } from "~/server/boot.server";
import { startEmbeddedDatabase } from "~/server/embedded-database.server";
import { runPrisma } from "~/server/prepare-database.server";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { setDatabaseUrl } from "~/utils/env.server";
import { seedDatabase } from "../../prisma/seed";

const [command, ...args] = process.argv.slice(2);
const env = loadEnvOrExit();
const embedded = env.DATABASE_URL
  ? undefined
  : await startEmbeddedDatabase({
      dir: path.join(env.DATA_DIR, "postgres"),
      port: env.EMBEDDED_DATABASE_PORT,
      database: "rollcall",
      adoptRunning: false,
    });
const url = embedded?.url ?? env.DATABASE_URL!;
setDatabaseUrl(url);

try {
  if (command === "deploy") await runPrisma(["migrate", "deploy", ...args], url, true);
  else if (command === "migrate") await runPrisma(["migrate", "dev", ...args], url, true);
  else if (command === "seed") await seedDatabase(getPrisma());
  else throw new Error(`Unknown command "${command}": use deploy, migrate or seed.`);
} finally {
  await disconnectPrisma();
  await embedded?.stop();
}
