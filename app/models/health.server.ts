import { getPrisma } from "~/utils/db.server";

/** Round-trips a trivial query; throws if the database cannot be reached. */
export async function pingDatabase(): Promise<{ latencyMs: number }> {
  const started = performance.now();
  await getPrisma().$queryRaw`SELECT 1`;
  return { latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}
