import { describe, expect, it } from "vitest";
import { campaignPageAction } from "~/server/campaign-page-route.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { createCampaign } from "../factories";

const context = { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" };

/** A sign form as a person posts it: shown for this campaign ten seconds before. */
function signRequest(slug: string, campaignId: string, email = "late@example.org") {
  return new Request(`http://127.0.0.1/en/campaigns/${slug}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      name: "Late Signer",
      email,
      country: "FRA",
      display: "initials",
      shown: formShownToken(campaignId, Date.now() - 10_000),
    }),
  });
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    const result = (await promise) as Response | { init?: { status?: number } };
    return result instanceof Response ? result.status : (result.init?.status ?? 200);
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : -1;
  }
}

describe("posting a signature", () => {
  it("to a closed campaign is refused as closed (409) and stores nothing", async () => {
    const campaign = await createCampaign({ slug: "closed-petition", status: "closed" });
    const request = signRequest("closed-petition", campaign.id);
    const result = campaignPageAction(request, { lang: "en", slug: "closed-petition" }, context);
    expect(await statusOf(result)).toBe(409);
    expect(((await result) as { data?: unknown }).data).toEqual({ closed: true });
    expect(await getPrisma().signature.count()).toBe(0);
    expect(await getPrisma().emailDelivery.count()).toBe(0);
  });

  it("to a live campaign past its deadline is refused as closed and stores nothing", async () => {
    const campaign = await createCampaign({ slug: "late-petition", status: "live", targets: ["FRA"] });
    await getPrisma().campaign.update({
      where: { id: campaign.id },
      data: { deadline: new Date(Date.now() - 60_000) },
    });
    const request = signRequest("late-petition", campaign.id);
    const status = await statusOf(
      campaignPageAction(request, { lang: "en", slug: "late-petition" }, context),
    );
    expect(status).toBe(409);
    expect(await getPrisma().signature.count()).toBe(0);
  });

  it("to a draft or an unknown campaign is a 404", async () => {
    const campaign = await createCampaign({ slug: "draft-petition", status: "draft" });
    const draft = signRequest("draft-petition", campaign.id);
    expect(await statusOf(campaignPageAction(draft, { lang: "en", slug: "draft-petition" }, context))).toBe(
      404,
    );
    const unknown = signRequest("no-such-petition", campaign.id);
    expect(
      await statusOf(campaignPageAction(unknown, { lang: "en", slug: "no-such-petition" }, context)),
    ).toBe(404);
    expect(await getPrisma().signature.count()).toBe(0);
  });

  it("to a live campaign is accepted, unflagged, and its confirmation is queued", async () => {
    const campaign = await createCampaign({ slug: "open-petition", status: "live", targets: ["FRA"] });
    const request = signRequest("open-petition", campaign.id);
    const response = (await campaignPageAction(
      request,
      { lang: "en", slug: "open-petition" },
      context,
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/en/campaigns/open-petition/check-email");
    const [signature] = await getPrisma().signature.findMany();
    expect(signature).toMatchObject({ status: "pending", flagged: false, flagReason: null });
    const deliveries = await getPrisma().emailDelivery.findMany();
    expect(deliveries.map((d) => [d.kind, d.toEmail])).toEqual([
      ["signature-confirmation", "late@example.org"],
    ]);
  });

  it("to an at-risk campaign stores the signer as anonymous, whatever the form said", async () => {
    const campaign = await createCampaign({ slug: "risky-petition", status: "live", targets: ["FRA"] });
    await getPrisma().campaign.update({ where: { id: campaign.id }, data: { privacyMode: "at_risk" } });
    const request = signRequest("risky-petition", campaign.id);
    const status = await statusOf(
      campaignPageAction(request, { lang: "en", slug: "risky-petition" }, context),
    );
    expect(status).toBe(302);
    const [signature] = await getPrisma().signature.findMany({ where: { campaignId: campaign.id } });
    expect(signature?.displayChoice).toBe("anonymous");
  });

  it("in full-width letters, from an address that already signed, is the same signer", async () => {
    const campaign = await createCampaign({ slug: "wide-petition", status: "live", targets: ["FRA"] });
    for (const email of ["ann@example.org", "ａｎｎ＠ｅｘａｍｐｌｅ．ｏｒｇ"]) {
      const request = signRequest("wide-petition", campaign.id, email);
      const status = await statusOf(
        campaignPageAction(request, { lang: "en", slug: "wide-petition" }, context),
      );
      expect(status).toBe(302);
    }
    const signatures = await getPrisma().signature.findMany({
      where: { campaignId: campaign.id },
      include: { submissions: true },
    });
    expect(signatures).toHaveLength(1);
    expect(signatures[0]?.submissions.map((submission) => submission.email)).toEqual([
      "ann@example.org",
      "ann@example.org",
    ]);
    // Mail goes to the address as stored, never to the full-width spelling.
    const deliveries = await getPrisma().emailDelivery.findMany({
      where: { toEmail: { not: "late@example.org" } },
    });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((delivery) => delivery.toEmail === "ann@example.org")).toBe(true);
  });
});
