import { describe, expect, it } from "vitest";
import { RequestSpacer } from "~/services/email/request-spacer";

describe("RequestSpacer", () => {
  it("starts at most N calls per second", async () => {
    const spacer = new RequestSpacer(10);
    const started = Date.now();
    for (let i = 0; i < 6; i++) await spacer.wait();
    // Six calls at 10/s: the sixth starts 500 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
  });

  it("does not wait at all without a limit, until asked to pause", async () => {
    const spacer = new RequestSpacer(0);
    const started = Date.now();
    for (let i = 0; i < 100; i++) await spacer.wait();
    expect(Date.now() - started).toBeLessThan(100);
    spacer.pause(300);
    const paused = Date.now();
    await spacer.wait();
    expect(Date.now() - paused).toBeGreaterThanOrEqual(280);
  });
});
