import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import { getPrisma } from "~/utils/db.server";
import { createUnsubscribeToken } from "~/utils/unsubscribe-token.server";
import { createCampaign } from "../factories";
import { createSubscription } from "../support/subscribers";
import { seriousAccessibilityViolations, useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser();

async function subscriptionFor(email: string) {
  const campaign = await createCampaign({ slug: `e2e-${email.split("@")[0]}` });
  return createSubscription({ email, campaignId: campaign.id, locale: "ja" });
}

// The harness gives the app this process's APP_SECRET, so the app accepts the tokens made here.
const tokenFor = createUnsubscribeToken;

async function statusOf(id: string) {
  return (await getPrisma().subscription.findUniqueOrThrow({ where: { id } })).status;
}

describe("a subscriber leaving a list", () => {
  it("is unsubscribed at once by their mail client's one-click POST: no cookie, no login, no confirmation", async () => {
    const subscription = await subscriptionFor("oneclick@example.org");
    const response = await fetch(`${e2e.app.baseUrl}/ja/unsubscribe/${tokenFor(subscription.id)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await statusOf(subscription.id)).toBe("unsubscribed");
  });

  it("following the link shows a button, and only the button unsubscribes, with or without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const subscription = await subscriptionFor(`button-${javaScriptEnabled}@example.org`);
      const context = await e2e.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${e2e.app.baseUrl}/ja/unsubscribe/${tokenFor(subscription.id)}`);
      expect(await page.textContent("h1")).toBe(ja["unsubscribe.title"]);
      expect(await statusOf(subscription.id)).toBe("active");
      // axe runs inside the page, so only where JavaScript is on.
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByRole("button", { name: ja["unsubscribe.button"] }).click();
      await expect.poll(() => page.textContent("[role=status]")).toMatch(/配信を停止しました/);
      expect(await statusOf(subscription.id)).toBe("unsubscribed");
      await context.close();
    }
  });

  it("with a damaged link gets a clear page and a 400, and nothing changes", async () => {
    const subscription = await subscriptionFor("damaged@example.org");
    const token = tokenFor(subscription.id);
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${e2e.app.baseUrl}/en/unsubscribe/${token.slice(0, 40)}`);
    expect(response?.status()).toBe(400);
    expect(await page.textContent("h1")).toBe(en["unsubscribe.invalidTitle"]);
    expect(await statusOf(subscription.id)).toBe("active");
    await context.close();
  });
});
