// A campaigner in Seoul reads the UN's record in Korean: the Council as it sits, a vetoed Council
// draft and a General Assembly vote with every member state. Each page must pass axe, load nothing
// from another origin (the UN links are links, not requests), break no CSP rule (no inline
// styles: the tally bar is SVG), ship no JavaScript, stay small, and the filter work with
// JavaScript off.
import { gzipSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ko from "~/i18n/ko.json";
import { getPrisma } from "~/utils/db.server";
import { councilChoices, createUnVote } from "../support/un-votes";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

// The campaign page's budget is 100 KB in all (tests/e2e/campaign-page-budget.test.ts); a page
// naming all 193 member states must stay well inside it, with no JavaScript at all.
const TOTAL_BUDGET = 60 * 1024;

let context: BrowserContext;
let vetoId: string;
let assemblyId: string;

beforeAll(async () => {
  vetoId = (
    await createUnVote({
      outcome: "rejected",
      kind: "resolution",
      votedOn: "2022-05-26",
      meeting: "S/PV.9048",
      title: "Non-proliferation/Democratic People's Republic of Korea: draft resolution",
      draft: "S/2022/431",
      choices: await councilChoices(2022, { CHN: "no", RUS: "no" }),
    })
  ).id;
  const states = await getPrisma().country.findMany({ where: { unMember: true }, orderBy: { iso3: "asc" } });
  const choices = ["yes", "yes", "yes", "no", "abstain", "absent"] as const;
  assemblyId = (
    await createUnVote({
      body: "general_assembly",
      outcome: "adopted",
      votedOn: "2014-12-18",
      meeting: "A/69/PV.73",
      title: "Situation of human rights in the Democratic People's Republic of Korea",
      resolution: "A/RES/69/188",
      choices: Object.fromEntries(states.map((state, i) => [state.iso3, choices[i % choices.length]!])),
    })
  ).id;
  context = await e2e.browser.newContext({ locale: "ko-KR" });
});

afterAll(async () => {
  await context?.close();
});

/** Opens a page and checks what every vote page must be; returns its weight in gzip bytes and its text. */
async function openPage(path: string, lang = "ko"): Promise<{ total: number; text: string }> {
  const page = await context.newPage();
  const watch = watchPage(page, e2e.app.baseUrl);
  const urls = new Set<string>();
  page.on("request", (request) => urls.add(request.url()));
  const response = await page.goto(`${e2e.app.baseUrl}${path}`, { waitUntil: "networkidle" });
  expect(response?.status()).toBe(200);
  expect(await page.getAttribute("html", "lang")).toBe(lang);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.consoleProblems).toEqual([]);
  const text = (await page.textContent("main")) ?? "";
  await page.close();
  let total = 0;
  for (const url of urls) {
    expect(url.endsWith(".js"), url).toBe(false);
    total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
  }
  console.log(`[budget] ${path}: ${urls.size} requests, ${(total / 1024).toFixed(1)} KB gzip`);
  expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
  return { total, text };
}

// A minute per test: axe on a page naming 193 states takes several seconds on a busy machine.
describe("a campaigner reading the UN's record in Korean", () => {
  it("opens the Council page: this year's members, accessible and light", async () => {
    const { text } = await openPage("/ko/council");
    expect(text).toContain(ko["council.dissentHeading"]);
    expect(text).toContain("상임이사국");
  }, 60_000);

  it("opens a vetoed Council draft: the veto named, the tally written out", async () => {
    const { text } = await openPage(`/ko/votes/${vetoId}`);
    expect(text).toMatch(/거부권 행사로 부결 \(행사국: 중국.*러시아\)/);
    expect(text).toContain("찬성 13, 반대 2, 기권 0, 표결 불참 0");
  }, 60_000);

  it("opens a General Assembly vote listing all 193 member states", async () => {
    const { text } = await openPage(`/ko/votes/${assemblyId}`);
    expect(text).toContain("찬성 97, 반대 32, 기권 32, 표결 불참 32");
    expect(text).toContain("북한");
  }, 60_000);

  it("opens North Korea's scorecard", async () => {
    const { text } = await openPage("/ko/countries/PRK");
    expect(text).toContain("북한: 유엔 표결 기록");
  }, 60_000);

  it.each(["en", "ja"])(
    "finds the Council page and the vetoed draft as accessible in %s",
    async (lang) => {
      const council = await openPage(`/${lang}/council`, lang);
      expect(council.text).toContain(lang === "en" ? "Permanent" : "常任理事国");
      const veto = await openPage(`/${lang}/votes/${vetoId}`, lang);
      expect(veto.text).toContain(
        lang === "en" ? "Vetoed by China and Russian Federation" : "拒否権により否決",
      );
    },
    90_000,
  );

  it("filters the timeline with JavaScript off", async () => {
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false, locale: "ko-KR" });
    const page = await noScript.newPage();
    await page.goto(`${e2e.app.baseUrl}/ko/votes`);
    expect(await page.locator(".vote-list__item").count()).toBe(3);
    await page.selectOption("#vote-filter-body", "general_assembly");
    await Promise.all([page.waitForURL(/body=general_assembly/), page.click(".vote-filter button")]);
    expect(await page.locator(".vote-list__item").count()).toBe(1);
    expect(await page.getAttribute(".vote-list__title a", "href")).toBe(`/ko/votes/${assemblyId}`);
    await noScript.close();
  }, 60_000);
});
