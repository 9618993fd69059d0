import { afterAll, describe, expect, it } from "vitest";
import { JOBS } from "~/jobs/registry.server";
import { pruneRateLimitsJob } from "~/jobs/prune-rate-limits.server";
import { hitRateLimit } from "~/models/abuse.server";
import { startWorker, type RunningWorker } from "~/services/worker.server";
import { getPrisma } from "~/utils/db.server";

let worker: RunningWorker | undefined;
afterAll(async () => {
  await worker?.stop(2_000);
});

describe("pruning rate-limit windows", () => {
  it("deletes windows that ended more than a day ago and keeps the rest", async () => {
    const hour = 3_600_000;
    await hitRateLimit("sign:ip:old", 3_600, Date.now() - 30 * hour);
    await hitRateLimit("sign:ip:yesterday", 3_600, Date.now() - 10 * hour);
    await hitRateLimit("sign:ip:now", 3_600);
    await pruneRateLimitsJob.run(pruneRateLimitsJob.parse({}));
    const keys = (await getPrisma().rateLimitCounter.findMany()).map((row) => row.key).sort();
    expect(keys).toEqual(["sign:ip:now", "sign:ip:yesterday"]);
  });

  it("is scheduled hourly (UTC) by the worker, beside the retention job", async () => {
    worker = await startWorker({
      databaseUrl: process.env.DATABASE_URL!,
      jobs: JOBS,
      maxConcurrency: 1,
      maintenanceIntervalSeconds: 30,
    });
    const rows = await getPrisma().$queryRaw<{ name: string; cron: string; timezone: string }[]>`
      SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`;
    expect(rows).toEqual([
      { name: "apply-retention", cron: "41 * * * *", timezone: "UTC" },
      { name: "prune-rate-limits", cron: "17 * * * *", timezone: "UTC" },
    ]);
  });
});
