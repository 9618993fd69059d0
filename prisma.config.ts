import { defineConfig } from "prisma/config";
import { MigrationAdapter } from "./prisma/migrate-adapter";

// Prisma 6's Wasm schema engine runs through a driver adapter, so no native engine has to be
// downloaded (this network cannot reach Prisma's binary host). See docs/decisions/0002.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: prisma commands need a database to talk to.");
    return new MigrationAdapter(url);
  },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
