import { maintenanceJob } from "~/jobs/maintenance-job.server";
import { applyRetention } from "~/models/retention.server";
import { log } from "~/utils/logger.server";

/** Every hour: delete what the privacy notice says is no longer kept (retention.server.ts). */
export const applyRetentionJob = maintenanceJob("apply-retention", "41 * * * *", async () => {
  log.info("retention applied", await applyRetention());
});
