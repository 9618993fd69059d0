import { z } from "zod";
import type { JobDefinition } from "~/jobs/types";
import { applyRetention } from "~/models/retention.server";
import { log } from "~/utils/logger.server";

/** Every hour: delete what the privacy notice says is no longer kept (retention.server.ts). */
export const applyRetentionJob: JobDefinition<Record<string, never>> = {
  name: "apply-retention",
  concurrency: 1,
  cron: "41 * * * *",
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
    log.info("retention applied", await applyRetention());
  },
};
