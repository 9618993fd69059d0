import { describe, expect, it } from "vitest";
import { runPrisma } from "~/server/prepare-database.server";

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
