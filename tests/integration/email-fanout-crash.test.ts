import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "~/jobs/registry.server";
import { startUpdateSend } from "~/models/update-send.server";
import { installQueues } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
import { createUpdateWithSubscribers, stopWorkerProcess, workerFleet } from "../support/fanout-fixture";

// The crash test: the real worker process is killed (SIGKILL) in the middle of sending an
// update to 1,000 people, then a new one is started. Nobody may get the update twice, or not at all.

const RECIPIENTS = 1_000;
const API_KEY = "re_test_rollcall_fanout_crash";

let standIn: ResendStandIn;
const fleet = workerFleet({ url: () => standIn.url, apiKey: API_KEY });

async function updateStatus(updateId: string) {
  return (await getPrisma().update.findUniqueOrThrow({ where: { id: updateId }, select: { status: true } }))
    .status;
}

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY });
  // A chunk whose worker died is retried once it is older than the queue's expiry: 3 s here, not 2 min.
  await installQueues(
    process.env.DATABASE_URL!,
    JOBS.map((job) => (job.name === "send-update" ? { ...job, expireInSeconds: 3 } : job)),
  );
});

afterAll(async () => {
  await fleet.killAll();
  await standIn?.close();
});

describe("an update's fan-out when the worker process is killed mid-way", () => {
  it("reaches each of 1,000 recipients exactly once after the worker is SIGKILLed and restarted", async () => {
    const { updateId, emails } = await createUpdateWithSubscribers(RECIPIENTS);
    standIn.setLatency(40);
    expect(await startUpdateSend(updateId)).toBe(true);

    const first = fleet.start();
    await fleet.waitFor("300 accepted messages", 60_000, 2, () => standIn.accepted.length >= 300);
    first.child.kill("SIGKILL");
    const acceptedAtKill = standIn.accepted.length;
    const requestsAtKill = standIn.requests.length;
    expect(await first.exited).toBe("SIGKILL");

    const restartedAt = Date.now();
    const second = fleet.start();
    await fleet.waitFor(
      "the update to be sent",
      90_000,
      250,
      async () => (await updateStatus(updateId)) === "sent",
    );
    const secondsToFinish = (Date.now() - restartedAt) / 1000;
    expect(await stopWorkerProcess(second), fleet.output()).toBe(0);

    // Killed mid-way, not before the first batch or after the last.
    expect(acceptedAtKill).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(RECIPIENTS);

    // Each recipient got exactly one message, and nobody else got any.
    const counts = standIn.acceptedCountsByRecipient();
    const duplicates = [...counts].filter(([, n]) => n !== 1);
    expect(duplicates, "recipients who got other than one message").toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...emails].sort());
    expect(standIn.accepted).toHaveLength(RECIPIENTS);

    // No idempotency key sent any recipient a message twice.
    const byKeyAndRecipient = new Map<string, number>();
    for (const message of standIn.accepted) {
      expect(message.idempotencyKey).toMatch(new RegExp(`^update/${updateId}/`));
      for (const to of message.to) {
        const key = `${message.idempotencyKey} ${to}`;
        byKeyAndRecipient.set(key, (byKeyAndRecipient.get(key) ?? 0) + 1);
      }
    }
    expect([...byKeyAndRecipient].filter(([, n]) => n > 1)).toEqual([]);

    // Every delivery row is recorded as sent, with the id the provider gave that very message.
    const deliveries = await getPrisma().emailDelivery.findMany({
      where: { updateId },
      select: { status: true, providerMessageId: true, toEmail: true },
    });
    expect(deliveries).toHaveLength(RECIPIENTS);
    expect(deliveries.filter((d) => d.status !== "sent" || !d.providerMessageId)).toEqual([]);
    const acceptedIdByRecipient = new Map(standIn.accepted.map((m) => [m.to[0], m.id]));
    expect(deliveries.filter((d) => acceptedIdByRecipient.get(d.toEmail) !== d.providerMessageId)).toEqual(
      [],
    );

    // List mail headers (RFC 2369, RFC 8058, RFC 2919) on every message.
    for (const message of standIn.accepted) {
      expect(message.headers["List-Unsubscribe"]).toMatch(/^<https?:\/\/[^\s<>]+\/[A-Za-z0-9_-]{44}>$/);
      expect(message.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(message.headers["List-Id"]).toMatch(/^<[^\s<>]+>$/);
    }

    // What the crash looked like, for whoever reads the test output.
    const sendsPerKey = new Map<string, number>();
    for (const request of standIn.requests) {
      if (request.idempotencyKey)
        sendsPerKey.set(request.idempotencyKey, (sendsPerKey.get(request.idempotencyKey) ?? 0) + 1);
    }
    const replays = [...sendsPerKey.values()].filter((n) => n > 1).length;
    console.log(
      `[fan-out crash] accepted at kill: ${acceptedAtKill}/${RECIPIENTS}; batch requests before kill: ` +
        `${requestsAtKill}, in all: ${standIn.requests.length}; batches re-sent with the same key: ${replays}; ` +
        `finished ${secondsToFinish.toFixed(1)} s after the restart`,
    );
  }, 120_000);
});
