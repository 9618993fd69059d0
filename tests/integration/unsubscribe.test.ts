import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/($lang).unsubscribe.$token";
import { getPrisma } from "~/utils/db.server";
import { createUnsubscribeToken, readUnsubscribeToken } from "~/utils/unsubscribe-token.server";
import { createCampaign } from "../factories";
import { createSubscription } from "../support/subscribers";

// The route's data() results carry their status in `init` and the page state in `data`.
type RouteResult = { data: { state: string; listName?: string | null }; init: { status?: number } | null };

function unsubscribeRequest(token: string, method: "GET" | "POST", body?: string) {
  return new Request(`http://127.0.0.1/ko/unsubscribe/${token}`, {
    method,
    headers: body ? { "content-type": "application/x-www-form-urlencoded" } : {},
    body,
  });
}

async function call(kind: "loader" | "action", token: string, body?: string) {
  const request = unsubscribeRequest(token, kind === "loader" ? "GET" : "POST", body);
  const args = {
    request,
    params: { lang: "ko", token },
    context: { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" },
  };
  return (kind === "loader" ? await loader(args) : await action(args)) as unknown as RouteResult;
}

async function subscribed(email: string) {
  const campaign = await createCampaign({ slug: `list-${email.split("@")[0]}` });
  return createSubscription({ email, campaignId: campaign.id, locale: "ko" });
}

describe("unsubscribe tokens", () => {
  it("round-trip to the subscription and reject any change", async () => {
    const subscription = await subscribed("token@example.org");
    const token = createUnsubscribeToken(subscription.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(readUnsubscribeToken(token)).toBe(subscription.id);
    const flipped = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    expect(readUnsubscribeToken(flipped)).toBeNull();
    expect(readUnsubscribeToken(token.slice(0, 43))).toBeNull();
    expect(readUnsubscribeToken("../../etc/passwd")).toBeNull();
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a POST with List-Unsubscribe=One-Click unsubscribes at once, with no cookie or confirmation", async () => {
    const subscription = await subscribed("oneclick@example.org");
    const result = await call(
      "action",
      createUnsubscribeToken(subscription.id),
      "List-Unsubscribe=One-Click",
    );
    expect(result.data).toMatchObject({ state: "done", listName: expect.stringContaining("title (ko)") });
    const after = await getPrisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after.status).toBe("unsubscribed");
    expect(after.unsubscribedAt).toBeInstanceOf(Date);
    const consent = await getPrisma().consentRecord.findMany({
      where: { subscriberId: subscription.subscriberId },
    });
    expect(consent).toMatchObject([{ action: "withdrawn", source: "one-click", locale: "ko" }]);
  });

  it("a GET only shows the button: mail scanners following links unsubscribe no one", async () => {
    const subscription = await subscribed("scanner@example.org");
    const result = await call("loader", createUnsubscribeToken(subscription.id));
    expect(result.data.state).toBe("ready");
    expect(
      (await getPrisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("active");
  });

  it("repeating the POST changes nothing more and says it is already done", async () => {
    const subscription = await subscribed("repeat@example.org");
    const token = createUnsubscribeToken(subscription.id);
    await call("action", token, "List-Unsubscribe=One-Click");
    await call("action", token, "List-Unsubscribe=One-Click");
    expect(
      await getPrisma().consentRecord.count({ where: { subscriberId: subscription.subscriberId } }),
    ).toBe(1);
    expect((await call("loader", token)).data.state).toBe("already");
  });

  it("a forged or damaged token gets 400 and changes nothing", async () => {
    const subscription = await subscribed("forged@example.org");
    const token = createUnsubscribeToken(subscription.id);
    const forged = token.slice(0, 22) + "A".repeat(22);
    const result = await call("action", forged, "List-Unsubscribe=One-Click");
    expect(result.init?.status).toBe(400);
    expect(result.data.state).toBe("invalid");
    expect(
      (await getPrisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status,
    ).toBe("active");
  });
});
