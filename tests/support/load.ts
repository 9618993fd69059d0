// The load the benchmarks put on a server: N clients, each sending requests in a loop for S
// seconds over keep-alive connections, every request's latency recorded, then percentiles.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { say, type CpuUse } from "./bench";
import type { NodeProcess } from "./processes";

export const REQUEST_TIMEOUT_MS = 30_000;

export type LoadRequest = {
  port: number;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
};
export type Reply = { status: number; header(name: string): string | undefined };
export type LoadClient = { send(request: LoadRequest): Promise<Reply>; close(): void };

/**
 * node:http over one keep-alive Agent with a socket per client. The response body is read and
 * dropped, as it comes (compressed bodies stay compressed: nothing here decodes them).
 */
export function httpClient(concurrency: number): LoadClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const send = ({ port, method, path, headers, body }: LoadRequest) =>
    new Promise<Reply>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: "127.0.0.1",
          port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.once("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              header: (name) => {
                const value = response.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(", ") : value;
              },
            }),
          );
          response.once("error", reject);
        },
      );
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("timeout")));
      request.once("error", reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** The platform's fetch: about four times the client CPU per request of httpClient. */
export function fetchClient(): LoadClient {
  const send = async ({ port, method, path, headers, body }: LoadRequest): Promise<Reply> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      body,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status, header: (name) => response.headers.get(name) ?? undefined };
  };
  return { send, close: () => undefined };
}

/** Thrown by an attempt whose reply was not the expected one; its message is what is counted. */
export class UnexpectedReply extends Error {
  constructor(reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export type LoadResult<T> = {
  /** Requests answered or failed, as expected or not. */
  completed: number;
  /** What each request that went as expected resolved with. */
  accepted: T[];
  /** Requests that did not go as expected, by error message ("HTTP 500", "timeout", …). */
  errors: Map<string, number>;
  /** Per completed request, in ms, sorted. */
  latencies: Float64Array;
  wallMs: number;
  /** CPU seconds used meanwhile by the server under test, PostgreSQL and these clients. */
  cpu?: CpuUse;
};

/**
 * `concurrency` clients, each calling `attempt` in a loop until `seconds` have passed; requests
 * in flight then finish and count. An attempt resolves with what to keep of a request that went
 * as expected, and throws (UnexpectedReply, a timeout, a reset) when it did not.
 */
export async function runLoad<T>(
  concurrency: number,
  seconds: number,
  attempt: () => Promise<T>,
): Promise<LoadResult<T>> {
  const accepted: T[] = [];
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const kept = await attempt();
        latencies.push(performance.now() - sent);
        accepted.push(kept);
      } catch (error) {
        latencies.push(performance.now() - sent);
        const outcome = error instanceof Error ? error.message : String(error);
        errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - started;
  return {
    completed: latencies.length,
    accepted,
    errors,
    latencies: Float64Array.from(latencies).sort(),
    wallMs,
  };
}

export type LoadShape = { concurrency: number; seconds: number; warmupSeconds: number };

/**
 * An unmeasured warm-up (its rate printed under `label`), then the measured run, with the CPU
 * each party used during it when `startCpuCount` is given.
 */
export async function measureLoad<T>(
  label: string,
  { concurrency, seconds, warmupSeconds }: LoadShape,
  attempt: () => Promise<T>,
  startCpuCount?: () => () => CpuUse,
): Promise<LoadResult<T>> {
  if (warmupSeconds > 0) {
    const warm = await runLoad(concurrency, warmupSeconds, attempt);
    say(
      `${label}: warm-up ${int(warm.completed)} requests in ${(warm.wallMs / 1000).toFixed(1)} s ` +
        `(${int(warm.accepted.length / (warm.wallMs / 1000))}/s)`,
    );
  }
  const cpuUsed = startCpuCount?.();
  const result = await runLoad(concurrency, seconds, attempt);
  return cpuUsed ? { ...result, cpu: cpuUsed() } : result;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export type Figures = { perSecond: number; p50: number; p90: number; p99: number; max: number };

/** Requests that went as expected per second, and the latency of all of them. */
export function figures(result: LoadResult<unknown>): Figures {
  const { latencies } = result;
  return {
    perSecond: result.accepted.length / (result.wallMs / 1000),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

export const errorCount = (result: LoadResult<unknown>) =>
  [...result.errors.values()].reduce((a, b) => a + b, 0);

export const int = (n: number) => Math.round(n).toLocaleString("en");
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Polls `url` until it answers 200; fails when `proc` exits or after `timeoutMs`. */
export async function waitForHttp(url: string, proc: NodeProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!proc.running()) throw new Error(`${proc.name} exited (${await proc.exited}):\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}
