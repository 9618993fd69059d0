import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { disconnectPrisma } from "~/utils/db.server";
import { adminQuery, withDatabase } from "./postgres-admin";

// Runs before each test file: a fresh database cloned from the migrated template, so every file
// starts from the same clean state and files can run in parallel without seeing each other's rows.
const { adminUrl, templateDatabase } = inject("databaseServer");
const database = `rollcall_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;

await adminQuery(adminUrl, `CREATE DATABASE ${database} TEMPLATE ${templateDatabase}`);
process.env.DATABASE_URL = withDatabase(adminUrl, database);
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  await disconnectPrisma();
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});
