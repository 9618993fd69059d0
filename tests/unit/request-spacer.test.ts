import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestSpacer } from "~/services/email/request-spacer";

// On fake timers, when each call starts is read off the fake clock: exact, whatever the load.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `callers` callers that each call wait() `calls` times; when each call returned, in ms. */
async function startTimes(spacer: RequestSpacer, callers: number, calls: number): Promise<number[]> {
  const origin = Date.now();
  const times: number[] = [];
  const caller = async () => {
    for (let i = 0; i < calls; i++) {
      await spacer.wait();
      times.push(Date.now() - origin);
    }
  };
  const running = Promise.all(Array.from({ length: callers }, caller));
  await vi.runAllTimersAsync();
  await running;
  return times;
}

describe("RequestSpacer", () => {
  it("starts at most N calls per second", async () => {
    expect(await startTimes(new RequestSpacer(10), 1, 6)).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it("spaces calls across every caller that shares it", async () => {
    expect(await startTimes(new RequestSpacer(4), 3, 2)).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it("does not wait at all without a limit, until asked to pause", async () => {
    const spacer = new RequestSpacer(0);
    expect(await startTimes(spacer, 1, 100)).toEqual(Array(100).fill(0));
    spacer.pause(300);
    expect(await startTimes(spacer, 2, 1)).toEqual([300, 300]);
  });

  it("holds every caller back for a pause longer than the spacing", async () => {
    const spacer = new RequestSpacer(10);
    await spacer.wait();
    spacer.pause(1_000);
    expect(await startTimes(spacer, 1, 2)).toEqual([1_000, 1_100]);
  });
});
