import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "~/server/embedded-database.server";
import { applyMigrations } from "~/server/prepare-database.server";
import { getPrisma } from "~/utils/db.server";
import { log } from "~/utils/logger.server";
import { EnvError, getEnv, setDatabaseUrl, type Env } from "~/utils/env.server";
import { seedDatabase } from "../../prisma/seed";

/**
 * The validated environment, or a clear message naming each bad variable and exit code 1.
 * A `.env` file in the project folder is read first; variables already set take precedence.
 */
export function loadEnvOrExit(): Env {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  try {
    return getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(error.message + "\n");
    process.exit(1);
  }
}

/**
 * With no DATABASE_URL, starts the embedded PostgreSQL under DATA_DIR, then brings its schema up
 * to date and seeds it. An operator's own database (DATABASE_URL) is left alone: its migrations
 * are applied deliberately, with `npm run db:deploy`.
 */
export async function startLocalDatabase(env: Env): Promise<EmbeddedDatabase | undefined> {
  if (env.DATABASE_URL) return undefined;
  const database = await startEmbeddedDatabase({
    dir: path.join(env.DATA_DIR, "postgres"),
    port: env.EMBEDDED_DATABASE_PORT,
    database: "rollcall",
  });
  try {
    setDatabaseUrl(database.url);
    await prepareDatabase(database.url);
    log.info("embedded database ready", { dir: path.join(env.DATA_DIR, "postgres"), port: database.port });
    return database;
  } catch (error) {
    await database.stop();
    throw error;
  }
}

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl);
  await seedDatabase(getPrisma());
}
