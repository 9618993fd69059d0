import type { QueueOptions } from "~/services/queue.server";

/** A job handler: idempotent by construction, since any job may run more than once. */
export type JobDefinition<Data> = QueueOptions & {
  name: string;
  /** How many of these jobs one worker process runs at once. */
  concurrency: number;
  /**
   * How many jobs each of those fetches at a time, to run one after another (default 1). pg-boss
   * waits out its polling interval (0.5 s) after a fetch that finished sooner, so a queue of many
   * short jobs needs bigger fetches to move faster than two jobs a second per runner.
   */
  fetchSize?: number;
  /** For recurring jobs: a cron expression in UTC; pg-boss queues one run per tick, once. */
  cron?: string;
  parse: (data: unknown) => Data;
  run: (data: Data) => Promise<void>;
};

/**
 * Thrown when retrying cannot help (bad data, a rejected message): the failure is recorded and the
 * job is not tried again. Any other error is treated as transient and retried with backoff.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
