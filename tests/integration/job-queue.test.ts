import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import { listJobFailures } from "~/models/job-failure.server";
import { enqueueJob, enqueueJobsSql, installQueues } from "~/services/queue.server";
import { startWorker, type RunningWorker } from "~/services/worker.server";
import { getPrisma } from "~/utils/db.server";
import { expectErrorLog } from "../support/error-logs";

type Run = { id: number; worker: string; started: number; ended: number; succeeded: boolean };

/** Each pair of runs of one job where the later started before the earlier had ended. */
function overlappingRuns(runs: Run[]): string[] {
  return runs.flatMap((a) =>
    runs
      .filter((b) => b !== a && b.id === a.id && a.started <= b.started && b.started < a.ended)
      .map(
        (b) => `job ${a.id}: ${a.worker} ran ${a.started}–${a.ended}, ${b.worker} started at ${b.started}`,
      ),
  );
}

function testJob(
  name: string,
  run: (data: { id: number }) => Promise<void>,
  overrides: Partial<JobDefinition<{ id: number }>> = {},
) {
  return {
    name,
    concurrency: 2,
    retryLimit: 2,
    retryDelaySeconds: 1,
    retryBackoff: false,
    expireInSeconds: 60,
    parse: (data: unknown) => z.object({ id: z.number() }).parse(data),
    run,
    ...overrides,
  } satisfies JobDefinition<{ id: number }>;
}

const workers: RunningWorker[] = [];

async function startTestWorker(job: JobDefinition<{ id: number }>) {
  const worker = await startWorker({
    databaseUrl: process.env.DATABASE_URL!,
    jobs: [job as unknown as JobDefinition<never>],
    maxConcurrency: 4,
    maintenanceIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
  });
  workers.push(worker);
  return worker;
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(2_000)));
});

async function jobStates(name: string): Promise<Record<string, number>> {
  const rows = await getPrisma().$queryRaw<{ state: string; n: number }[]>`
    SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = ${name} GROUP BY state`;
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

describe("the job queue", () => {
  it("two workers on one database never run one job at the same time, nor again once it succeeded", async () => {
    // Every job fails its first run, so each runs twice and either worker may take the retry: the
    // retry must start only after the failed run ended. The retry waits a second: with no delay,
    // the worker that failed a run fetches again at once and takes its own retry nearly every time
    // (under load, every time), and the case that matters would not happen.
    const runs: Run[] = [];
    const makeJob = (worker: string) =>
      testJob(
        "test-exclusive",
        async ({ id }) => {
          const run: Run = { id, worker, started: performance.now(), ended: Infinity, succeeded: false };
          const isFirst = !runs.some((other) => other.id === id);
          runs.push(run);
          await sleep(20); // the job's work: long enough for a second run of it to overlap
          run.ended = performance.now();
          if (isFirst) throw new Error("first run fails");
          run.succeeded = true;
        },
        { retryDelaySeconds: 1 },
      );
    await installQueues(process.env.DATABASE_URL!, [makeJob("a")]);
    await startTestWorker(makeJob("a"));
    await startTestWorker(makeJob("b"));
    // Few enough to finish well inside the timeout: a runner fetches at most two jobs a second.
    const everyId = Array.from({ length: 20 }, (_, id) => id);
    for (const id of everyId) await enqueueJob(getPrisma(), "test-exclusive", { id });

    await expect
      .poll(async () => (await jobStates("test-exclusive")).completed, { timeout: 40_000 })
      .toBe(everyId.length);
    expect(overlappingRuns(runs)).toEqual([]);
    // Each job failed once and then succeeded once.
    const ids = (succeeded: boolean) =>
      runs
        .filter((run) => run.succeeded === succeeded)
        .map((run) => run.id)
        .sort((x, y) => x - y);
    expect(ids(false)).toEqual(everyId);
    expect(ids(true)).toEqual(everyId);
    // The case that matters happened: some retry ran on the other worker than the failed run.
    const workersOf = (id: number) => new Set(runs.filter((run) => run.id === id).map((run) => run.worker));
    expect(everyId.some((id) => workersOf(id).size === 2)).toBe(true);
  }, 60_000);

  it("retries a transient failure and then succeeds", async () => {
    let attempts = 0;
    const job = testJob("test-flaky", async () => {
      attempts++;
      if (attempts < 3) throw new Error("provider timed out");
    });
    await installQueues(process.env.DATABASE_URL!, [job]);
    await startTestWorker(job);
    await enqueueJob(getPrisma(), "test-flaky", { id: 1 });
    await expect.poll(async () => (await jobStates("test-flaky")).completed, { timeout: 20_000 }).toBe(1);
    expect(attempts).toBe(3);
    expect(await listJobFailures()).toEqual([]);
  });

  it("records a permanent failure with its reason and does not retry it", async () => {
    let attempts = 0;
    const job = testJob("test-permanent", async () => {
      attempts++;
      throw new PermanentJobError("recipient address rejected");
    });
    await installQueues(process.env.DATABASE_URL!, [job]);
    await startTestWorker(job);
    expectErrorLog("job failed permanently", { queue: "test-permanent", attempt: 1 });
    await enqueueJob(getPrisma(), "test-permanent", { id: 7 });
    // Completed is final: pg-boss never hands out a completed job again.
    await expect.poll(() => jobStates("test-permanent"), { timeout: 10_000 }).toEqual({ completed: 1 });
    expect(attempts).toBe(1);
    const failures = (await listJobFailures()).filter((f) => f.queue === "test-permanent");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      queue: "test-permanent",
      reason: "recipient address rejected",
      attempts: 1,
      data: { id: 7 },
    });
  });

  it("records a job that used up every retry", async () => {
    const job = testJob(
      "test-exhausted",
      async () => {
        throw new Error("still down");
      },
      { retryLimit: 1 },
    );
    await installQueues(process.env.DATABASE_URL!, [job]);
    await startTestWorker(job);
    expectErrorLog("job failed permanently", { queue: "test-exhausted", attempt: 2 });
    await enqueueJob(getPrisma(), "test-exhausted", { id: 3 });
    const failures = async () => (await listJobFailures()).filter((f) => f.queue === "test-exhausted");
    await expect.poll(async () => (await failures()).length, { timeout: 15_000 }).toBe(1);
    expect((await failures())[0]).toMatchObject({ reason: "still down", attempts: 2 });
    expect((await jobStates("test-exhausted")).failed).toBe(1);
  });

  it("on shutdown, finishes a running job within the grace period", async () => {
    let finished = 0;
    const job = testJob("test-graceful", async () => {
      await sleep(1_500);
      finished++;
    });
    await installQueues(process.env.DATABASE_URL!, [job]);
    const worker = await startTestWorker(job);
    await enqueueJob(getPrisma(), "test-graceful", { id: 1 });
    await expect.poll(async () => (await jobStates("test-graceful")).active, { timeout: 10_000 }).toBe(1);
    await worker.stop(10_000);
    expect(finished).toBe(1);
    expect((await jobStates("test-graceful")).completed).toBe(1);
  });

  it("on shutdown, releases a job that outlasts the grace period, and another worker then runs it", async () => {
    let runs = 0;
    const job = testJob(
      "test-released",
      async () => {
        runs++;
        // The first run hangs, so it outlasts any grace period whatever the machine's speed.
        if (runs === 1) await new Promise<never>(() => {});
      },
      { retryDelaySeconds: 0 },
    );
    await installQueues(process.env.DATABASE_URL!, [job]);
    const first = await startTestWorker(job);
    await enqueueJob(getPrisma(), "test-released", { id: 1 });
    await expect.poll(async () => (await jobStates("test-released")).active, { timeout: 10_000 }).toBe(1);
    await first.stop(1_000);
    expect((await jobStates("test-released")).retry).toBe(1);
    await startTestWorker(job);
    await expect.poll(async () => (await jobStates("test-released")).completed, { timeout: 15_000 }).toBe(1);
    expect(runs).toBe(2);
  });
});

describe("a job enqueued in SQL (enqueueJobsSql, for one-statement hot paths)", () => {
  // Every column pg-boss fills from the queue's settings, as each way stores it.
  async function jobRow(id: string) {
    const [row] = await getPrisma().$queryRaw<Record<string, unknown>[]>`
      SELECT name, data, priority, state::text, retry_limit, retry_count, retry_delay, retry_backoff,
        singleton_key, singleton_on, expire_in::text, dead_letter, policy,
        round(extract(epoch FROM keep_until - start_after) / 60) AS kept_minutes,
        start_after <= now() AS startable
      FROM pgboss.job WHERE id = ${id}::uuid`;
    return row;
  }

  it.each([
    [
      "with backoff",
      {
        retryLimit: 5,
        retryDelaySeconds: 7,
        retryBackoff: true,
        expireInSeconds: 90,
      },
    ],
    [
      "without backoff or retries",
      { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: 30 },
    ],
  ])("is the row pg-boss's own send() writes, %s", async (_, options) => {
    const name = `test-sql-enqueue-${options.retryLimit}`;
    await installQueues(process.env.DATABASE_URL!, [{ name, ...options }]);
    const sentId = await enqueueJob(getPrisma(), name, { n: 1 });
    const [{ id: sqlId } = { id: "" }] = await getPrisma().$queryRawUnsafe<{ id: string }[]>(
      `WITH source AS (SELECT '{"n": 1}'::jsonb AS data), queued AS (${enqueueJobsSql(name, "source")} RETURNING id)
       SELECT id::text FROM queued`,
    );
    expect(sqlId).toMatch(/^[0-9a-f-]{36}$/);
    const [sent, inSql] = [await jobRow(sentId!), await jobRow(sqlId)];
    expect(inSql).toEqual(sent);
    expect(inSql).toMatchObject({
      name,
      retry_limit: options.retryLimit,
      retry_backoff: options.retryBackoff,
    });
  });

  it("fails the whole statement for a queue that does not exist, rather than dropping the job", async () => {
    await expect(
      getPrisma().$executeRawUnsafe(
        `WITH source AS (SELECT '{}'::jsonb AS data) ${enqueueJobsSql("no-such-queue", "source")}`,
      ),
    ).rejects.toThrow();
  });
});
