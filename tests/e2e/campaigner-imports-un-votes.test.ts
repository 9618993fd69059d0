// A campaigner imports UN votes in Chromium, without JavaScript (the upload, the preview and the
// import are plain form posts through the request guard), and with it: a bad file shows its
// problems by line, a good one its preview, then imports; the vote is linked to a campaign. The
// pages pass axe (run with JavaScript on: axe is a script).
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import votesEn from "~/i18n/staff/votes.en.json";
import { getPrisma } from "~/utils/db.server";
import { createCampaign } from "../factories";
import { createStaffUser, signedInAs } from "../support/staff";
import { allYes, councilVoteRows, csvOf } from "../support/un-vote-csv";
import { seriousAccessibilityViolations, useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser();
const WAIT = { timeout: 20_000 };

const at = (path: string) => e2e.app.appUrl + path;

async function campaignerContext(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const user = await createStaffUser("campaigner");
  const session = await signedInAs(user.id);
  const context = await e2e.browser.newContext({ javaScriptEnabled });
  const [name, ...value] = session.cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: e2e.app.appUrl }]);
  return context;
}

const vetoed = csvOf(
  councilVoteRows({ meeting: "S/PV.7800", draft: "S/2014/800", votes: allYes({ RUS: "N", CHN: "A" }) }),
);
const badTotals = csvOf(councilVoteRows({ meeting: "S/PV.7801", totals: { no: 3 } }));

let contexts: BrowserContext[] = [];
beforeAll(() => {
  contexts = [];
});
afterAll(async () => {
  for (const context of contexts) await context.close();
});

describe("a campaigner imports UN votes", { timeout: 120_000 }, () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`previews, refuses a bad file by line, imports a good one (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await campaignerContext(javaScriptEnabled);
      contexts.push(context);
      const page = await context.newPage();
      const meeting = javaScriptEnabled ? "S/PV.7802" : "S/PV.7800";
      const good = javaScriptEnabled ? vetoed.replaceAll("S/PV.7800", meeting) : vetoed;

      await page.goto(at("/en/admin/votes/import"));
      await page.getByRole("heading", { name: votesEn["staff.votes.import.title"] }).waitFor(WAIT);
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel(votesEn["staff.votes.import.body"]).selectOption("security_council");
      await page.getByLabel(votesEn["staff.votes.import.file"]).setInputFiles({
        name: "bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(badTotals),
      });
      await page.getByRole("button", { name: votesEn["staff.votes.import.preview"] }).click();
      await page.getByText("Line 2: total_no says 3, but the rows count 0.").waitFor(WAIT);
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel(votesEn["staff.votes.import.file"]).setInputFiles({
        name: "veto.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(good),
      });
      await page.getByRole("button", { name: votesEn["staff.votes.import.preview"] }).click();
      await page.getByText("1 new vote, 0 changed, 0 unchanged.").waitFor(WAIT);
      await page.getByText("Vetoed by RUS").waitFor(WAIT);
      expect(await getPrisma().unVote.count({ where: { meeting } })).toBe(0);
      if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByRole("button", { name: votesEn["staff.votes.import.apply"] }).click();
      await page.getByText("Imported: 1 new vote, 0 changed, 0 unchanged.").waitFor(WAIT);
      const vote = await getPrisma().unVote.findFirstOrThrow({
        where: { meeting },
        include: { memberVotes: true },
      });
      expect(vote).toMatchObject({ outcome: "rejected", kind: "resolution", totalYes: 13 });
      expect(vote.memberVotes).toHaveLength(15);
      if (!javaScriptEnabled) return;
      // The pages a campaigner reads next, with their own axe check.
      await page.goto(at(`/en/admin/votes/${vote.id}`));
      await page.getByText("Vetoed by RUS").waitFor(WAIT);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.goto(at("/ko/admin/votes"));
      await page.getByRole("heading", { name: "기록된 유엔 표결" }).waitFor(WAIT);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    });
  }

  it("links a vote to a campaign from its page, without JavaScript, and the list shows it", async () => {
    const campaign = await createCampaign({ slug: "veto-watch" });
    const context = await campaignerContext(false);
    contexts.push(context);
    const page = await context.newPage();
    const vote = await getPrisma().unVote.findFirstOrThrow({ where: { meeting: "S/PV.7353" } });
    await page.goto(at(`/en/admin/votes/${vote.id}`));
    await page.getByLabel(`${campaign.slug} title (en)`).check();
    await page.getByRole("button", { name: votesEn["staff.votes.link.save"] }).click();
    await page.getByText("Saved: 1 campaign added, none removed.").waitFor(WAIT);
    expect(
      await getPrisma().campaignVote.count({ where: { voteId: vote.id, campaignId: campaign.id } }),
    ).toBe(1);

    await page.goto(at("/en/admin/votes"));
    await page.getByRole("link", { name: `${campaign.slug} title (en)` }).waitFor(WAIT);
  });
});
