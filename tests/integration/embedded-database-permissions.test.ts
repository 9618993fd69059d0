// Run as root, the embedded PostgreSQL runs as the `postgres` user. From a folder that user cannot
// open (a clone inside root's home, say), start-up once ended in an initdb or spawn EACCES error;
// now it ends with one sentence saying what to do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "~/server/embedded-database.server";
import { freePort } from "../support/ports";

describe.skipIf(process.getuid?.() !== 0)("the embedded database, started as root", () => {
  it("explains in one sentence that the postgres user cannot open the folder, and what to do", async () => {
    // mkdtemp's folder is root's alone (mode 700), like /root.
    const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-private-"));
    try {
      const dir = path.join(privateFolder, "project", ".data", "postgres");
      const attempt = startEmbeddedDatabase({ dir, port: await freePort(), database: "rollcall" });
      await expect(attempt).rejects.toThrow(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot open ${dir}: move the project`,
      );
      await expect(attempt).rejects.toThrow(/set DATABASE_URL to a PostgreSQL server\.$/);
      await expect(attempt).rejects.not.toThrow(/EACCES|initdb|Command failed/);
    } finally {
      fs.rmSync(privateFolder, { recursive: true, force: true });
    }
  });
});
