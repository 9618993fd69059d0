// `npm run dev`: owns the embedded database for the whole session and runs `remix dev`, which
// rebuilds on change and restarts the app server (app/server/start.ts) with `kill -9` each time.
// The database therefore lives here, in the parent, not in the app server.
import { spawn } from "node:child_process";
import { buildClientScripts } from "~/server/client-scripts-build";
import { ensureDemoOwner } from "~/models/staff-admin.server";
import { loadEnvOrExit, prepareDatabase, startLocalDatabase } from "~/server/boot.server";
import { disconnectPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { describeError, log } from "~/utils/logger.server";

async function main() {
  const env = loadEnvOrExit();
  const database = await startLocalDatabase(env);
  // A developer's own database still gets the schema and demo data in development.
  if (!database && env.DATABASE_URL) await prepareDatabase(env.DATABASE_URL);
  await printDemoOwnerLink();
  await disconnectPrisma();
  // The scripts public pages load, rebuilt on change (Remix's watcher builds only its own).
  await buildClientScripts({ watch: true });

  const remix = spawn("remix", ["dev", "-c", "tsx app/server/start.ts"], {
    stdio: "inherit",
    // The classic compiler loads Vite's CommonJS API, which warns on every start; nothing to act on.
    env: {
      ...process.env,
      DATABASE_URL: getEnv().DATABASE_URL,
      NODE_ENV: "development",
      VITE_CJS_IGNORE_WARNING: "true",
    },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (remix.exitCode === null) remix.kill("SIGTERM");
    await database?.stop();
    process.exit(code);
  };
  remix.on("exit", (code) => void stop(code ?? 0));
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
}

/** The staff area's way in for a newcomer: a demo owner's enrolment link, until it is used. */
async function printDemoOwnerLink() {
  const demo = await ensureDemoOwner();
  if (!demo) return;
  process.stdout.write(
    `\n  Staff area: enrol the demo owner (${demo.email}) with this one-time link, valid 24 hours:\n` +
      `  ${demo.enrolmentUrl}\n` +
      `  (a new link is printed at each start until the demo owner has enrolled)\n\n`,
  );
}

main().catch((error: unknown) => {
  log.error("dev start-up failed", describeError(error));
  process.exit(1);
});
