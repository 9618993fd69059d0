import { describe, expect, it } from "vitest";
import { campaignPageAction } from "~/models/campaign-page.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";

function signRequest(slug: string) {
  return new Request(`http://127.0.0.1/en/campaigns/${slug}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      name: "Late Signer",
      email: "late@example.org",
      country: "FRA",
      display: "initials",
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
  it("to a closed campaign is a 404 and stores nothing", async () => {
    await createCampaign({ slug: "closed-petition", status: "closed" });
    const status = await statusOf(
      campaignPageAction(
        signRequest("closed-petition"),
        { lang: "en", slug: "closed-petition" },
        {
          cspNonce: "",
          ipHash: "",
          clientIp: "",
        },
      ),
    );
    expect(status).toBe(404);
    expect(await getPrisma().signature.count()).toBe(0);
  });

  it("to a live campaign is accepted and goes on to the check-your-inbox page", async () => {
    await createCampaign({ slug: "open-petition", status: "live", targets: ["FRA"] });
    const response = (await campaignPageAction(
      signRequest("open-petition"),
      { lang: "en", slug: "open-petition" },
      {
        cspNonce: "",
        ipHash: "",
        clientIp: "",
      },
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/en/campaigns/open-petition/check-email");
    expect(await getPrisma().signature.count()).toBe(1);
  });
});
