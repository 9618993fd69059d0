import { z } from "zod";
import type { JobDefinition } from "~/jobs/types";

type NoData = Record<string, never>;

/**
 * A recurring clean-up that takes no data: one at a time, retried a few times a minute apart,
 * and given up after 10 minutes (the next tick runs it again anyway).
 */
export function maintenanceJob(name: string, cron: string, run: () => Promise<void>): JobDefinition<NoData> {
  return {
    name,
    concurrency: 1,
    cron,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 600,
    parse: (data) =>
      z
        .object({})
        .strict()
        .parse(data ?? {}) as NoData,
    run,
  };
}
