// Runs the registered jobs. Inside the app process by default (one command runs everything), or
// alone with `npm run worker`; any number of workers can share one database, because pg-boss hands
// each job to one worker at a time (SELECT … FOR UPDATE SKIP LOCKED).
import PgBoss from "pg-boss";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import { recordJobFailure } from "~/models/job-failure.server";
import { isDatabaseUnavailable } from "~/utils/db-errors";
import { describeError, log } from "~/utils/logger.server";

export type WorkerOptions = {
  databaseUrl: string;
  jobs: JobDefinition<never>[];
  /** Caps each job's own concurrency, for small machines. */
  maxConcurrency: number;
  maintenanceIntervalSeconds: number;
  pollingIntervalSeconds?: number;
};

export type RunningWorker = {
  /** Waits up to `timeoutMs` for running jobs; any still running then are released for retry. */
  stop(timeoutMs?: number): Promise<void>;
};

type Job = PgBoss.JobWithMetadata<unknown>;

async function runJob(definition: JobDefinition<never>, job: Job): Promise<void> {
  const started = performance.now();
  try {
    const data = definition.parse(job.data);
    await definition.run(data);
    log.info("job done", {
      queue: definition.name,
      jobId: job.id,
      durationMs: Math.round(performance.now() - started),
    });
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    const lastAttempt = job.retryCount >= job.retryLimit;
    const fields = {
      queue: definition.name,
      jobId: job.id,
      attempt: job.retryCount + 1,
      ...describeError(error),
    };
    if (permanent || lastAttempt) {
      log.error("job failed permanently", fields);
      await recordJobFailure({
        queue: definition.name,
        jobId: job.id,
        reason: error instanceof Error ? error.message : String(error),
        attempts: job.retryCount + 1,
        data: job.data as object,
      });
    } else {
      log.warn("job failed, will retry", fields);
    }
    // A permanent failure completes the job: trying again could only fail the same way.
    if (!permanent) throw error;
  }
}

/**
 * Marks a job failed, to be retried with backoff. When even that cannot reach the database, the job
 * stays active and is retried once it expires; the other jobs of the batch still run.
 */
async function failJob(boss: PgBoss, queue: string, jobId: string, error: unknown): Promise<void> {
  try {
    await boss.fail(queue, jobId, { message: error instanceof Error ? error.message : String(error) });
  } catch (failError) {
    log.warn("job failure not recorded; retried when it expires", {
      queue,
      jobId,
      ...describeError(failError),
    });
  }
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: Math.min(20, 2 + options.jobs.reduce((sum, job) => sum + job.concurrency, 0)),
    migrate: false,
    supervise: true,
    schedule: options.jobs.some((job) => job.cron),
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  });
  // While the database restarts, every poll fails the same way; it is a warning, not a fault.
  boss.on("error", (error) =>
    isDatabaseUnavailable(error)
      ? log.warn("queue: database unavailable", describeError(error))
      : log.error("queue error", describeError(error)),
  );
  await boss.start();
  for (const definition of options.jobs) {
    const concurrency = Math.min(definition.concurrency, options.maxConcurrency);
    for (let i = 0; i < concurrency; i++) {
      await boss.work(
        definition.name,
        {
          batchSize: definition.fetchSize ?? 1,
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
        },
        async (jobs) => {
          // Each job succeeds or fails on its own: a failed one is failed here (retried with
          // backoff); pg-boss then completes only the jobs that are still active.
          for (const job of jobs) {
            try {
              await runJob(definition, job);
            } catch (error) {
              await failJob(boss, definition.name, job.id, error);
            }
          }
        },
      );
    }
  }
  // Any number of workers may register the same schedule: pg-boss keeps one per job name and
  // queues one run per tick.
  for (const definition of options.jobs) {
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: "UTC" });
  }
  log.info("worker started", { queues: options.jobs.map((job) => job.name) });
  return {
    async stop(timeoutMs = 20_000) {
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
      log.info("worker stopped");
    },
  };
}
