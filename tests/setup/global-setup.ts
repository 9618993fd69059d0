import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "~/server/embedded-database.server";
import { applyMigrations } from "~/server/prepare-database.server";
import { adminQuery, withDatabase } from "./postgres-admin";

export type TestDatabaseServer = { adminUrl: string; templateDatabase: string };

declare module "vitest" {
  export interface ProvidedContext {
    databaseServer: TestDatabaseServer;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const given = process.env.TEST_DATABASE_URL;
  const embedded = given
    ? undefined
    : await startEmbeddedDatabase({
        // A space in the path, as in many a project folder, must not break anything.
        dir: path.join(os.tmpdir(), `rollcall test ${randomUUID()}`),
        port: 20_000 + Math.floor(Math.random() * 20_000),
        database: "postgres",
        ephemeral: true,
      });
  const adminUrl = embedded?.url ?? withDatabase(given!, "postgres");

  // Migrations and job queues are installed once, into a template every test file is cloned from.
  const templateDatabase = `rollcall_template_${randomUUID().slice(0, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${templateDatabase}`);
  await applyMigrations(withDatabase(adminUrl, templateDatabase));
  console.log(`[global-setup] PostgreSQL ready and migrated in ${Date.now() - started} ms`);

  project.provide("databaseServer", { adminUrl, templateDatabase });
  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await embedded?.stop();
  };
}
