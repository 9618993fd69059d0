import { z } from "zod";
import type { JobDefinition } from "~/jobs/types";
import { deleteExpiredRateLimitWindows } from "~/models/abuse.server";
import { log } from "~/utils/logger.server";

/**
 * Every hour: forget rate-limit windows a day after they end, so the keyed hashes of IP and email
 * addresses in their keys are not kept longer than the privacy notice says.
 */
export const pruneRateLimitsJob: JobDefinition<Record<string, never>> = {
  name: "prune-rate-limits",
  concurrency: 1,
  cron: "17 * * * *",
  retryLimit: 3,
  retryDelaySeconds: 60,
  retryBackoff: true,
  expireInSeconds: 600,
  parse: (data) =>
    z
      .object({})
      .strict()
      .parse(data ?? {}) as Record<string, never>,
  async run() {
    const deleted = await deleteExpiredRateLimitWindows();
    log.info("rate-limit windows pruned", { deleted });
  },
};
