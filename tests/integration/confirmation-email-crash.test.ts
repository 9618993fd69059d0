// Confirmation emails go out in batches claimed by whichever job gets there first. Here the real
// worker process is killed (SIGKILL) while 1,000 signers' confirmations are going out, and a new
// one is started: every signer must still get exactly one confirmation, none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "~/jobs/registry.server";
import { signPetition } from "~/models/signature.server";
import { installQueues } from "~/services/queue.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, signerInput } from "../factories";
import { startResendStandIn, type ResendStandIn } from "../stand-ins/resend-stand-in";
import { stopWorkerProcess, workerFleet } from "../support/fanout-fixture";

const SIGNERS = 1_000;
const API_KEY = "re_test_rollcall_confirmation_crash";

let standIn: ResendStandIn;
const fleet = workerFleet({ url: () => standIn.url, apiKey: API_KEY });

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY });
  // A job whose worker died is retried once it is older than the queue's expiry: 5 s here.
  await installQueues(
    process.env.DATABASE_URL!,
    JOBS.map((job) => (job.name === "send-email" ? { ...job, expireInSeconds: 5 } : job)),
  );
});

afterAll(async () => {
  await fleet.killAll();
  await standIn?.close();
});

describe("confirmation emails when the worker process is killed mid-way", () => {
  it("reach each of 1,000 signers exactly once after the worker is SIGKILLed and restarted", async () => {
    const campaign = await createCampaign({ slug: "crash-confirmations", status: "live", targets: ["KOR"] });
    const emails = Array.from({ length: SIGNERS }, (_, i) => `crash-${i}@example.org`);
    for (const [i, email] of emails.entries()) {
      await signPetition(signerInput(campaign.id, i, { email }));
    }
    standIn.setLatency(40);

    const first = fleet.start();
    await fleet.waitFor("300 accepted emails", 60_000, 2, () => standIn.accepted.length >= 300);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const acceptedAtKill = standIn.accepted.length;
    expect(acceptedAtKill).toBeLessThan(SIGNERS);

    const second = fleet.start();
    const sent = () =>
      getPrisma().emailDelivery.count({ where: { kind: "signature-confirmation", status: "sent" } });
    await fleet.waitFor("every confirmation to be sent", 90_000, 100, async () => (await sent()) === SIGNERS);
    expect(await stopWorkerProcess(second)).toBe(0);

    const counts = standIn.acceptedCountsByRecipient();
    expect(
      [...counts].filter(([, n]) => n !== 1),
      "signers who got other than one email",
    ).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...emails].sort());
    // Each delivery row records the id the provider gave its very message.
    const deliveries = await getPrisma().emailDelivery.findMany({
      where: { kind: "signature-confirmation" },
      select: { toEmail: true, providerMessageId: true },
    });
    const idByRecipient = new Map(standIn.accepted.map((m) => [m.to[0], m.id]));
    expect(deliveries.filter((d) => idByRecipient.get(d.toEmail) !== d.providerMessageId)).toEqual([]);
    const batchRequests = standIn.requests.filter((r) => r.path === "/emails/batch").length;
    console.log(
      `[confirmation crash] accepted at kill: ${acceptedAtKill}/${SIGNERS}; batch requests in all: ${batchRequests}`,
    );
  }, 150_000);
});
