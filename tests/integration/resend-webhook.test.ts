import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { action } from "~/routes/webhooks.resend";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";
import { createSubscription } from "../support/subscribers";

const SECRET = "whsec_" + Buffer.from("rollcall-test-webhook-secret-0123456789").toString("base64");

beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
});

type SignOptions = { id?: string; at?: Date; secret?: string; tamper?: (body: string) => string };

function webhookRequest(event: object, options: SignOptions = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const body = JSON.stringify(event);
  const signature = new Webhook(options.secret ?? SECRET).sign(id, options.at ?? new Date(), body);
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  return new Request("http://127.0.0.1/webhooks/resend", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": timestamp,
      "svix-signature": signature,
    },
    body: options.tamper ? options.tamper(body) : body,
  });
}

async function post(request: Request) {
  const response = await action({
    request,
    params: {},
    context: { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function sentDelivery(to: string) {
  return getPrisma().emailDelivery.create({
    data: { kind: "test-email", toEmail: to, status: "sent", providerMessageId: `email_${randomUUID()}` },
  });
}

const bounced = (emailId: string, to: string, type = "Permanent") => ({
  type: "email.bounced",
  created_at: new Date().toISOString(),
  data: {
    email_id: emailId,
    to: [to],
    bounce: { type, subType: "General", message: "mailbox does not exist" },
  },
});

describe("Resend webhooks", () => {
  it("marks a delivery delivered on a valid email.delivered event", async () => {
    const delivery = await sentDelivery("ok@example.org");
    const result = await post(
      webhookRequest({
        type: "email.delivered",
        data: { email_id: delivery.providerMessageId, to: ["ok@example.org"] },
      }),
    );
    expect(result).toEqual({ status: 200, body: { ok: true, outcome: "applied" } });
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      "delivered",
    );
  });

  it("suppresses a hard-bounced address for all future list mail", async () => {
    const delivery = await sentDelivery("gone@example.org");
    expect(
      (await post(webhookRequest(bounced(delivery.providerMessageId!, "Gone@Example.org")))).status,
    ).toBe(200);
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "gone@example.org" } }),
    ).toMatchObject({
      reason: "hard_bounce",
    });
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      "bounced",
    );
  });

  it("does not suppress on a bounce typed as transient", async () => {
    const delivery = await sentDelivery("full@example.org");
    await post(webhookRequest(bounced(delivery.providerMessageId!, "full@example.org", "Transient")));
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "full@example.org" } }),
    ).toBeNull();
  });

  it("on a complaint, suppresses the address and takes it off every list", async () => {
    const campaign = await createCampaign();
    const subscription = await createSubscription({ email: "angry@example.org", campaignId: campaign.id });
    const delivery = await sentDelivery("angry@example.org");
    await post(
      webhookRequest({
        type: "email.complained",
        data: { email_id: delivery.providerMessageId, to: ["angry@example.org"] },
      }),
    );
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "angry@example.org" } }),
    ).toMatchObject({
      reason: "complaint",
    });
    const after = await getPrisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after.status).toBe("unsubscribed");
    expect(
      await getPrisma().consentRecord.count({
        where: { subscriberId: subscription.subscriberId, action: "withdrawn", source: "complaint" },
      }),
    ).toBe(1);
  });

  it("rejects a tampered body with 400 and changes nothing", async () => {
    const delivery = await sentDelivery("tamper@example.org");
    const request = webhookRequest(bounced(delivery.providerMessageId!, "tamper@example.org"), {
      tamper: (body) => body.replace("tamper@example.org", "victim@example.org"),
    });
    expect((await post(request)).status).toBe(400);
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "victim@example.org" } }),
    ).toBeNull();
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      "sent",
    );
  });

  it("rejects a signature made with another secret, a missing signature and a stale timestamp", async () => {
    const delivery = await sentDelivery("stale@example.org");
    const event = bounced(delivery.providerMessageId!, "stale@example.org");
    const wrongSecret = "whsec_" + Buffer.from("some-other-secret-entirely-0000000").toString("base64");
    expect((await post(webhookRequest(event, { id: "msg_wrong_secret", secret: wrongSecret }))).status).toBe(
      400,
    );
    const unsigned = webhookRequest(event, { id: "msg_unsigned" });
    unsigned.headers.delete("svix-signature");
    expect((await post(unsigned)).status).toBe(400);
    // Six minutes old: outside the five-minute tolerance, so a captured request cannot be replayed.
    const stale = webhookRequest(event, { id: "msg_stale", at: new Date(Date.now() - 6 * 60_000) });
    expect((await post(stale)).status).toBe(400);
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "stale@example.org" } }),
    ).toBeNull();
    const recorded = await getPrisma().providerEvent.count({
      where: { eventId: { in: ["msg_wrong_secret", "msg_unsigned", "msg_stale"] } },
    });
    expect(recorded).toBe(0);
  });

  it("applies a duplicated event once", async () => {
    const campaign = await createCampaign();
    const subscription = await createSubscription({ email: "twice@example.org", campaignId: campaign.id });
    const delivery = await sentDelivery("twice@example.org");
    const event = {
      type: "email.complained",
      data: { email_id: delivery.providerMessageId, to: ["twice@example.org"] },
    };
    const first = await post(webhookRequest(event, { id: "msg_duplicate_1" }));
    const second = await post(webhookRequest(event, { id: "msg_duplicate_1" }));
    expect(first.body.outcome).toBe("applied");
    expect(second).toEqual({ status: 200, body: { ok: true, outcome: "duplicate" } });
    expect(await getPrisma().providerEvent.count({ where: { eventId: "msg_duplicate_1" } })).toBe(1);
    expect(
      await getPrisma().consentRecord.count({
        where: { subscriberId: subscription.subscriberId, source: "complaint" },
      }),
    ).toBe(1);
  });

  it("keeps a bounce when email.delivered arrives after it (out of order)", async () => {
    const delivery = await sentDelivery("late@example.org");
    await post(webhookRequest(bounced(delivery.providerMessageId!, "late@example.org")));
    await post(
      webhookRequest({
        type: "email.delivered",
        data: { email_id: delivery.providerMessageId, to: ["late@example.org"] },
      }),
    );
    expect((await getPrisma().emailDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe(
      "bounced",
    );
    expect(
      await getPrisma().emailSuppression.findUnique({ where: { email: "late@example.org" } }),
    ).not.toBeNull();
  });

  it("answers 400 to a signed payload it cannot read, and 405 to a GET", async () => {
    expect((await post(webhookRequest({ unexpected: true }))).status).toBe(400);
    const { loader } = await import("~/routes/webhooks.resend");
    expect((await loader()).status).toBe(405);
  });
});
