import { maintenanceJob } from "~/jobs/maintenance-job.server";
import { deleteExpiredRateLimitWindows } from "~/models/abuse.server";
import { log } from "~/utils/logger.server";

/**
 * Every hour: forget rate-limit windows a day after they end, so the keyed hashes of IP and email
 * addresses in their keys are not kept longer than the privacy notice says.
 */
export const pruneRateLimitsJob = maintenanceJob("prune-rate-limits", "17 * * * *", async () => {
  const deleted = await deleteExpiredRateLimitWindows();
  log.info("rate-limit windows pruned", { deleted });
});
