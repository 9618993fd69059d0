// `npm run bench:lighthouse`: Lighthouse (Node API, its default mobile profile: a Moto G Power
// screen, simulated slow 4G and a 4× CPU slowdown) on the built app's public pages, in en, ko and
// ja: home (`/<lang>`), the seeded live campaign (`/<lang>/campaigns/:slug`) and its embed
// (`/<lang>/embed/campaigns/:slug`), the Council (`/<lang>/council`) and the seeded Council vote
// (`/<lang>/votes/:id`); in English, the vote timeline and North Korea's scorecard: 17 pages. Prints per page the Performance, Accessibility,
// Best Practices and SEO scores (0–100), LCP, CLS and TBT, then each page against the goals
// (Performance ≥ 95, Accessibility 100, Best Practices ≥ 95, SEO ≥ 95) and, for a page below goal,
// the audits that cost it points. Figures are reported, not asserted: exit 0 when every page was
// audited, 1 when Lighthouse could not run. Uses a throwaway embedded PostgreSQL and the headless
// Debian Chromium; needs `npm run build`.
//
//   npm run bench:lighthouse
//   BENCH_LIGHTHOUSE_DIR=/tmp/lh npm run bench:lighthouse   # also writes each page's .json/.html report
//   BENCH_LIGHTHOUSE_RUNS=3                                 # runs per page; reports the median run
//   CHROMIUM_PATH=/usr/bin/chromium                         # the browser (default /usr/bin/chromium)
//
// The app is served over plain http on 127.0.0.1. Lighthouse counts 127.0.0.1 as a secure origin,
// so is-on-https passes and redirects-http is not applicable; should either fail, the summary says
// it is because of the bench's http, not the app. Each run gets a fresh Chromium with a fresh
// profile (chrome-launcher makes and removes a temporary user-data-dir), so no run warms another's
// cache. Every page is fetched once before it is measured, so the server's first render of a
// route (module loading, JIT) is not what Lighthouse times. Run it on an otherwise idle machine:
// Lighthouse scales up the CPU time it observes, so other work inflates TBT and the performance
// score (the bench prints the load average and notes a busy start).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, type LaunchedChrome } from "chrome-launcher";
import lighthouse, { type Flags, type Result } from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import { disconnectPrisma, getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { positiveInteger, runBench, say, seconds, startBenchDatabase, stopOnSignal } from "../support/bench";
import { BUILT_SERVER, startBuiltApp, type BuiltApp } from "../support/built-app";
import { stopNodeProcess } from "../support/processes";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { seededAgendaVote } from "../support/un-votes";

const RUNS = positiveInteger("BENCH_LIGHTHOUSE_RUNS", 1);
const REPORT_DIR = process.env.BENCH_LIGHTHOUSE_DIR ? path.resolve(process.env.BENCH_LIGHTHOUSE_DIR) : null;

// Root needs --no-sandbox; the rest stop Chromium calling home, which this network refuses
// (the same flags as the end-to-end tests' browser, tests/e2e/harness.ts).
const CHROMIUM_FLAGS = ["--headless", ...CHROMIUM_ARGS];

const CAMPAIGN_SLUG = "stop-forced-repatriation";
/** Stands for the seeded Council vote's id in paths until the database is seeded. */
const SEEDED_VOTE = ":seeded-vote";
const LANGS = ["en", "ko", "ja"] as const;
const PAGES = [
  ...LANGS.map((lang) => ({ name: `home ${lang}`, file: `home-${lang}`, path: `/${lang}` })),
  ...LANGS.map((lang) => ({
    name: `campaign ${lang}`,
    file: `campaign-${lang}`,
    path: `/${lang}/campaigns/${CAMPAIGN_SLUG}`,
  })),
  ...LANGS.map((lang) => ({
    name: `embed ${lang}`,
    file: `embed-${lang}`,
    path: `/${lang}/embed/campaigns/${CAMPAIGN_SLUG}`,
  })),
  // The UN vote pages (issue 11); the seeded 2014 Council vote's id is filled in after seeding.
  ...LANGS.map((lang) => ({ name: `council ${lang}`, file: `council-${lang}`, path: `/${lang}/council` })),
  ...LANGS.map((lang) => ({
    name: `vote ${lang}`,
    file: `vote-${lang}`,
    path: `/${lang}/votes/${SEEDED_VOTE}`,
  })),
  { name: "votes en", file: "votes-en", path: "/en/votes" },
  { name: "scorecard en", file: "scorecard-en", path: "/en/countries/PRK" },
  ...LANGS.map((lang) => ({
    name: `subscribe ${lang}`,
    file: `subscribe-${lang}`,
    path: `/${lang}/subscribe`,
  })),
  // The donate page (issue 12): a form of many radio buttons, in every language.
  ...LANGS.map((lang) => ({ name: `donate ${lang}`, file: `donate-${lang}`, path: `/${lang}/donate` })),
];
type Page = (typeof PAGES)[number];

const CATEGORIES = [
  { id: "performance", label: "Perf", goal: 95 },
  { id: "accessibility", label: "A11y", goal: 100 },
  { id: "best-practices", label: "BP", goal: 95 },
  { id: "seo", label: "SEO", goal: 95 },
] as const;

// Audits whose outcome depends on the page being served over https, which the bench's
// http://127.0.0.1 is not.
const HTTPS_AUDITS = ["is-on-https", "redirects-http"];

// Attempts per run before a page counts as one Lighthouse could not audit.
const ATTEMPTS = 3;

// A one-minute load average this high before the bench starts means other work competes for the CPU.
const BUSY_LOAD = 1;

const FLAGS: Flags = {
  logLevel: "error",
  output: REPORT_DIR ? ["json", "html"] : "json",
  onlyCategories: CATEGORIES.map((category) => category.id),
  // Everything else is Lighthouse's default: mobile form factor and screen, simulated throttling.
};

// ---------------------------------------------------------------------------------------------
// Lighthouse

type Audited = { page: Page; lhr: Result; reports: string[] };

/** One Lighthouse run of `url` in a Chromium of its own; throws when Lighthouse could not run. */
async function lighthouseRun(url: string): Promise<{ lhr: Result; reports: string[] }> {
  let chrome: LaunchedChrome | undefined;
  try {
    chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: "silent" });
    const result = await lighthouse(url, { ...FLAGS, port: chrome.port });
    if (!result) throw new Error("Lighthouse returned no result");
    if (result.lhr.runtimeError)
      throw new Error(`${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
    const reports = Array.isArray(result.report) ? result.report : [result.report];
    return { lhr: result.lhr, reports };
  } finally {
    chrome?.kill();
  }
}

/** RUNS runs of one page; the median run (by Lighthouse's own choice: FCP and TTI) and its reports. */
async function auditPage(baseUrl: string, page: Page): Promise<Audited> {
  const url = baseUrl + page.path;
  const warm = await fetch(url);
  await warm.arrayBuffer();
  if (warm.status !== 200) throw new Error(`${page.path} answered ${warm.status}`);
  const runs: Array<{ lhr: Result; reports: string[] }> = [];
  for (let run = 0; run < RUNS; run++)
    for (let attempt = 1; ; attempt++) {
      try {
        runs.push(await lighthouseRun(url));
        break;
      } catch (error) {
        // Lighthouse's own advice for a failed trace (NO_NAVSTART, NO_FCP…) is to run it again.
        if (attempt === ATTEMPTS) throw error;
        say(`${page.name}: ${describe(error)}; running it again`);
      }
    }
  if (runs.length === 1) return { page, ...runs[0]! };
  const medianLhr = computeMedianRun(runs.map((run) => run.lhr));
  return { page, ...runs.find((run) => run.lhr === medianLhr)! };
}

// ---------------------------------------------------------------------------------------------
// Figures

const score = (lhr: Result, id: string): number | null => {
  const value = lhr.categories[id]?.score;
  return value === null || value === undefined ? null : Math.round(value * 100);
};
const numeric = (lhr: Result, id: string): number | undefined => lhr.audits[id]?.numericValue;

/** The categories of `lhr` that are below their goal (a missing score counts as below). */
function belowGoal(lhr: Result) {
  return CATEGORIES.filter((category) => {
    const value = score(lhr, category.id);
    return value === null || value < category.goal;
  });
}

/** Audits of a category that cost it points: weighted, scored, and below a full score. */
function failingAudits(lhr: Result, categoryId: string) {
  return (lhr.categories[categoryId]?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id]!)
    .filter((audit) => audit.score !== null && audit.score < 1);
}

/**
 * Performance diagnostics Lighthouse flags (score below 0.9): unweighted, but they say where the
 * time in the weighted metrics went (JavaScript execution, main-thread work, unused JavaScript…).
 */
function performanceDiagnostics(lhr: Result) {
  return (lhr.categories.performance?.auditRefs ?? [])
    .filter((ref) => ref.weight === 0 && ref.group === "diagnostics")
    .map((ref) => lhr.audits[ref.id]!)
    .filter((audit) => audit.score !== null && audit.score < 0.9)
    .filter((audit) => {
      // "Est savings of 0 ms": flagged, but nothing to win.
      const savings = audit.metricSavings ? Object.values(audit.metricSavings) : undefined;
      const bytes = (audit.details as { overallSavingsBytes?: number } | undefined)?.overallSavingsBytes;
      return savings === undefined || savings.some((value) => (value ?? 0) > 0) || (bytes ?? 0) > 0;
    });
}

const shown = (displayValue: string | undefined) => (displayValue ? ` (${displayValue})` : "");

function tableRow(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
}

function printResults(audited: Audited[]): void {
  const widths = [12, 4, 4, 4, 4, 8, 6, 7, 11];
  say("");
  say(`== Lighthouse ${audited[0]!.lhr.lighthouseVersion}, mobile, simulated throttling ==`);
  say(tableRow(["page", ...CATEGORIES.map((c) => c.label), "LCP", "CLS", "TBT", "goals"], widths));
  for (const { page, lhr } of audited) {
    const lcp = numeric(lhr, "largest-contentful-paint");
    const cls = numeric(lhr, "cumulative-layout-shift");
    const tbt = numeric(lhr, "total-blocking-time");
    say(
      tableRow(
        [
          page.name,
          ...CATEGORIES.map((c) => String(score(lhr, c.id) ?? "—")),
          lcp === undefined ? "—" : `${Math.round(lcp)} ms`,
          cls === undefined ? "—" : cls.toFixed(3),
          tbt === undefined ? "—" : `${Math.round(tbt)} ms`,
          belowGoal(lhr).length === 0 ? "ok" : "below goal",
        ],
        widths,
      ),
    );
  }

  say("");
  say(`goals: ${CATEGORIES.map((c) => `${c.label} ${c.goal === 100 ? "100" : `≥ ${c.goal}`}`).join(", ")}`);
  const below = audited.filter(({ lhr }) => belowGoal(lhr).length > 0);
  say(
    below.length === 0
      ? `all ${audited.length} pages meet the goals`
      : `${audited.length - below.length} of ${audited.length} pages meet the goals; ` +
          `below goal: ${below.map(({ page }) => page.name).join(", ")}`,
  );
  for (const { page, lhr } of below) {
    say("");
    say(`${page.name} (${page.path}):`);
    for (const category of belowGoal(lhr)) {
      say(`  ${category.label} ${score(lhr, category.id) ?? "—"} (goal ${category.goal}):`);
      const audits = failingAudits(lhr, category.id);
      if (audits.length === 0) say(`    no scored audit: see the page's report (BENCH_LIGHTHOUSE_DIR)`);
      for (const audit of audits) {
        const https = HTTPS_AUDITS.includes(audit.id) ? " [only because the bench serves http]" : "";
        say(
          `    ${audit.id}: ${audit.title}${shown(audit.displayValue)}, score ${audit.score!.toFixed(2)}${https}`,
        );
      }
      if (category.id !== "performance") continue;
      const hints = performanceDiagnostics(lhr);
      if (hints.length > 0) say(`    where the time goes (diagnostics, unweighted):`);
      for (const audit of hints) say(`      ${audit.id}: ${audit.title}${shown(audit.displayValue)}`);
    }
  }

  // Say plainly whether any audit failed only because the bench serves http on 127.0.0.1.
  const httpsFailures = HTTPS_AUDITS.map((id) => ({
    id,
    pages: audited.filter(({ lhr }) => {
      const audit = lhr.audits[id];
      return audit && audit.score !== null && audit.score < 1;
    }),
  })).filter((failure) => failure.pages.length > 0);
  say("");
  if (httpsFailures.length === 0)
    say(
      `http on 127.0.0.1: no audit failed for it (${HTTPS_AUDITS.join(", ")}: ` +
        `Lighthouse counts 127.0.0.1 as a secure origin)`,
    );
  for (const failure of httpsFailures)
    say(
      `http on 127.0.0.1: ${failure.id} fails on ${failure.pages.length} pages only because the bench ` +
        `serves plain http; behind the production https proxy it would pass`,
    );

  const warnings = audited.flatMap(({ page, lhr }) => lhr.runWarnings.map((w) => `${page.name}: ${w}`));
  for (const warning of warnings) say(`Lighthouse warning: ${warning}`);
}

/** An error's message, with its cause's (fetch puts the reason it failed there). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause ? `${error.message} (${describe(error.cause)})` : error.message;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (!fs.existsSync(BUILT_SERVER)) {
    say(`FAIL: ${path.relative(process.cwd(), BUILT_SERVER)} is missing: run npm run build first`);
    return 1;
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    say(`FAIL: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    return 1;
  }
  // The seed's own queries: only errors are news.
  process.env.LOG_LEVEL ??= "error";
  const loadBefore = os.loadavg()[0]!;
  let database: Awaited<ReturnType<typeof startBenchDatabase>> | undefined;
  let app: BuiltApp | undefined;
  const stopAll = async () => {
    if (app) await stopNodeProcess(app.proc, 15_000);
    await disconnectPrisma();
    await database?.stop();
  };
  stopOnSignal(stopAll);
  try {
    say(
      `lighthouse bench: ${PAGES.length} pages, ${RUNS} run${RUNS === 1 ? "" : "s"} each, ` +
        `${os.cpus().length} CPUs (load average ${loadBefore.toFixed(1)}), Node ${process.versions.node}, ` +
        CHROMIUM_PATH,
    );
    const setupStarted = performance.now();
    database = await startBenchDatabase();
    await seedDatabase(getPrisma());
    const campaign = await getPrisma().campaign.findUniqueOrThrow({
      where: { slug: CAMPAIGN_SLUG },
      select: { status: true },
    });
    if (campaign.status !== "live") throw new Error(`${CAMPAIGN_SLUG} is ${campaign.status}, not live`);
    const { id: voteId } = await seededAgendaVote();
    for (const page of PAGES) page.path = page.path.replace(SEEDED_VOTE, voteId);
    await disconnectPrisma();
    app = await startBuiltApp({
      DATABASE_URL: database.url,
      RESEND_API_KEY: "",
      // The web pages only: no job worker competing for the CPU while Lighthouse times them.
      WORKER_MODE: "off",
    });
    say(`set up: ${seconds(performance.now() - setupStarted)} (database, seed, app at ${app.baseUrl})`);
    if (REPORT_DIR) fs.mkdirSync(REPORT_DIR, { recursive: true });

    const audited: Audited[] = [];
    const failed: string[] = [];
    for (const page of PAGES) {
      const started = performance.now();
      try {
        const result = await auditPage(app.baseUrl, page);
        audited.push(result);
        say(`${page.name}: audited in ${seconds(performance.now() - started)}`);
        if (REPORT_DIR)
          for (const [i, report] of result.reports.entries())
            fs.writeFileSync(
              path.join(REPORT_DIR, `${page.file}.report.${i === 0 ? "json" : "html"}`),
              report,
            );
      } catch (error) {
        failed.push(page.name);
        say(`${page.name}: Lighthouse could not run: ${describe(error)}`);
        if (!app.proc.running()) {
          say(`the app exited (${await app.proc.exited}):\n${app.proc.output()}`);
          break;
        }
      }
    }

    if (audited.length > 0) {
      const { environment, configSettings } = audited[0]!.lhr;
      const { rttMs, throughputKbps, cpuSlowdownMultiplier } = configSettings.throttling;
      say(
        `browser: ${environment.hostUserAgent}; benchmark index ${environment.benchmarkIndex} ` +
          `(throttling: ${rttMs} ms RTT, ${throughputKbps} kbit/s, CPU ${cpuSlowdownMultiplier}× slower)`,
      );
      printResults(audited);
    }
    // Lighthouse scales the CPU time it observed by 4, so other work on the machine shows up
    // in TBT and the performance score (not in the other three categories).
    const loadAfter = os.loadavg()[0]!;
    if (loadBefore >= BUSY_LOAD)
      say(
        `note: the machine was busy before the bench started (load average ${loadBefore.toFixed(1)}, ` +
          `${loadAfter.toFixed(1)} at the end, ${os.cpus().length} CPUs): TBT and the performance ` +
          `score come out worse than on an idle machine`,
      );
    if (REPORT_DIR) say(`reports: ${REPORT_DIR}`);
    if (failed.length > 0) {
      say(`FAIL: Lighthouse could not audit ${failed.join(", ")}`);
      return 1;
    }
    return 0;
  } finally {
    await stopAll();
  }
}

runBench(main);
