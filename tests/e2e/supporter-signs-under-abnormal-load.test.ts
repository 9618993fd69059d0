// When a campaign is under abnormal load, signing asks for a proof of work (ALTCHA's scheme,
// self-hosted). A browser with JavaScript solves it while the supporter types, and the signature
// counts; without JavaScript the signature is still accepted, but kept aside (flagged) for review.
import { solveChallenge } from "altcha-lib";
import type { Challenge } from "altcha-lib/types";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import { CHALLENGE_LIMITS } from "~/models/abuse.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";
import { fillSignForm } from "./sign-form";

const e2e = useAppAndBrowser();

const SLUG = "stop-forced-repatriation";

beforeAll(async () => {
  // The alarm the sign path raises when a campaign's signatures a minute are far above normal.
  const campaign = await getPrisma().campaign.findUniqueOrThrow({ where: { slug: SLUG } });
  await getPrisma().rateLimitCounter.create({
    data: {
      key: `alarm:campaign:${campaign.id}`,
      windowStart: new Date(Date.now() + CHALLENGE_LIMITS.campaignAlarmSeconds * 1000),
      count: 1,
    },
  });
});

async function sign(page: Page, email: string) {
  await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
  await fillSignForm(page, { name: "Lee Seo-yeon", email, country: "KOR" });
  await page.waitForURL(`${e2e.app.baseUrl}/en/campaigns/${SLUG}/check-email`);
}

const signatureOf = (email: string) =>
  getPrisma().signature.findFirstOrThrow({ where: { email }, select: { flagged: true, flagReason: true } });

describe("a supporter signing while the campaign is under abnormal load", () => {
  it("has the browser solve the challenge while typing, and the signature counts", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/challenge")) asked.push(request.url());
    });
    await sign(page, "seoyeon@example.org");
    expect(asked).toEqual([`${e2e.app.baseUrl}/api/campaigns/${SLUG}/challenge?locale=en`]);
    expect(await signatureOf("seoyeon@example.org")).toEqual({ flagged: false, flagReason: null });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // No request elsewhere, and nothing the CSP blocked (that would be a console problem).
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleProblems).toEqual([]);
    await context.close();
  });

  it("without JavaScript is still accepted, but flagged and not counted", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await sign(page, "nojs@example.org");
    expect(await page.textContent("h1")).toBe(en["check.title"]);
    expect(await signatureOf("nojs@example.org")).toEqual({
      flagged: true,
      flagReason: "challenge-unsolved",
    });
    await context.close();
  });

  it("counts a solved challenge once: a replay of it is flagged", async () => {
    const answer = await fetch(`${e2e.app.baseUrl}/api/campaigns/${SLUG}/challenge?locale=ko`);
    const { challenge, waitMessage } = (await answer.json()) as { challenge: Challenge; waitMessage: string };
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(waitMessage.length).toBeGreaterThan(0);
    const solution = await solveChallenge(
      challenge.challenge,
      challenge.salt,
      challenge.algorithm,
      challenge.maxnumber,
    ).promise;
    const pow = Buffer.from(JSON.stringify({ ...challenge, number: solution!.number })).toString("base64");
    const campaignId = (await getPrisma().campaign.findUniqueOrThrow({ where: { slug: SLUG } })).id;
    const post = (email: string, proof: string) =>
      fetch(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          name: "Tanaka Yui",
          email,
          country: "JPN",
          display: "initials",
          shown: formShownToken(campaignId, Date.now() - 5_000),
          pow: proof,
        }),
      });
    expect((await post("first@example.jp", pow)).status).toBe(302);
    expect((await post("replay@example.jp", pow)).status).toBe(302);
    const forged = Buffer.from(JSON.stringify({ ...challenge, number: solution!.number + 1 })).toString(
      "base64",
    );
    expect((await post("forged@example.jp", forged)).status).toBe(302);
    expect(await signatureOf("first@example.jp")).toEqual({ flagged: false, flagReason: null });
    expect(await signatureOf("replay@example.jp")).toEqual({
      flagged: true,
      flagReason: "challenge-unsolved",
    });
    expect(await signatureOf("forged@example.jp")).toEqual({
      flagged: true,
      flagReason: "challenge-unsolved",
    });
  });
});
