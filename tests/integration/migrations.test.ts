import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeOptionsWithPreload, runPrisma } from "~/server/prepare-database.server";

describe("the committed migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma (no change left without a migration)", async () => {
    // --exit-code makes `migrate diff` exit 2 when they differ; runPrisma rejects with its output.
    const diff = runPrisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      process.env.DATABASE_URL!,
    );
    await expect(diff).resolves.toBeUndefined();
  });
});

describe("running the Prisma CLI for migrations", () => {
  it("keeps the database URL's query: sslmode=require reaches the server, which refuses it here", async () => {
    // The test server speaks no TLS, so a kept sslmode=require fails the command; a dropped one
    // would let it connect unencrypted, as production databases behind `sslmode=require` once did.
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("sslmode", "require");
    await expect(runPrisma(["migrate", "status"], url.toString())).rejects.toThrow(/SSL/);
    url.searchParams.set("sslmode", "disable");
    await expect(runPrisma(["migrate", "status"], url.toString())).resolves.toBeUndefined();
  });

  it("adds its preload to NODE_OPTIONS, keeping the caller's own, from a folder with spaces", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall project "));
    try {
      const preload = path.join(folder, 'say "preloaded".cjs');
      fs.writeFileSync(preload, 'process.stdout.write("preloaded ");\n');
      const child = spawnSync(process.execPath, ["-e", "process.stdout.write(process.title)"], {
        env: { ...process.env, NODE_OPTIONS: nodeOptionsWithPreload("--title=rollcall-test", preload) },
        encoding: "utf8",
      });
      expect(child.stderr).toBe("");
      expect(child.stdout).toBe("preloaded rollcall-test");
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
