import { pingDatabase } from "~/models/health.server";
import { describeError, log } from "~/utils/logger.server";

// Readiness: the database answers. Load balancers stop sending traffic while this fails.
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    const { latencyMs } = await pingDatabase();
    return Response.json({ ok: true, database: { ok: true, latencyMs } }, { headers });
  } catch (error) {
    log.warn("readiness check failed", describeError(error));
    return Response.json({ ok: false, database: { ok: false } }, { status: 503, headers });
  }
}
