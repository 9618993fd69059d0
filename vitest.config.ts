import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    // Starts PostgreSQL (embedded unless TEST_DATABASE_URL is set) and migrates a template once.
    globalSetup: ["tests/setup/global-setup.ts"],
    // Gives each test file its own database, cloned from the template, dropped afterwards; fails a
    // test that calls console.error or log.error unless it declared that error (expectErrorLog).
    setupFiles: [
      "tests/setup/test-database.ts",
      "tests/setup/no-console-error.ts",
      "tests/setup/no-error-log.ts",
    ],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
