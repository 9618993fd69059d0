import type { BrowserContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ko from "~/i18n/ko.json";
import { getPrisma } from "~/utils/db.server";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

// The outbox is for development and tests: production never serves it (production-start.test.ts).
const e2e = useAppAndBrowser({ env: { NODE_ENV: "test" } });

let context: BrowserContext;

beforeAll(async () => {
  context = await e2e.browser.newContext();
});

type OutboxEntry = {
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

async function outbox(): Promise<OutboxEntry[]> {
  return (await (await fetch(`${e2e.app.baseUrl}/dev/outbox.json`)).json()) as OutboxEntry[];
}

describe("a developer using the local outbox", () => {
  it("sends a test email and finds it at /dev/outbox, /dev/outbox.json and in its own page", async () => {
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    await page.goto(`${e2e.app.baseUrl}/dev/outbox`);
    expect(await page.textContent("h1")).toBe(en["outbox.title"]);
    await page.getByLabel(en["outbox.emailLabel"]).fill("Developer@Example.org");
    await page.getByRole("button", { name: en["outbox.sendTestButton"] }).click();
    await expect.poll(() => page.textContent("[role=status]")).toBe(en["outbox.testQueued"]);

    // The in-process worker sends it; the list shows it once it has (reload to see). The address
    // keeps its local part as typed (only the domain is case-blind).
    await expect
      .poll(async () => (await outbox()).filter((m) => m.to.includes("Developer@example.org")).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const [message] = (await outbox()).filter((m) => m.to.includes("Developer@example.org"));
    expect(message?.subject).toMatch(/Test email from/);
    expect(message?.text).toMatch(/\S/);
    expect(message?.html).toMatch(/<html/);

    await page.reload();
    await page.getByRole("link", { name: message!.subject }).click();
    await page.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.textContent("h1")).toBe(message!.subject);
    expect(await page.textContent(".outbox-text")).toContain(message!.text.trim().split("\n")[0]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const html = await page.context().request.get(page.url() + "/html");
    expect(html.headers()["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
    expect(await html.text()).toBe(message!.html);
    expect(watch.consoleProblems).toEqual([]);
    await page.close();
  });

  it("gets a translated error for a bad address, keeps what was typed, and nothing is queued", async () => {
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false, locale: "ko-KR" });
    const page = await noScript.newPage();
    // A queued email is a delivery row, written before the action answers: once the error is shown,
    // anything the action queued is already there.
    const queued = () => getPrisma().emailDelivery.count();
    const before = await queued();
    await page.goto(`${e2e.app.baseUrl}/dev/outbox`);
    await page.getByLabel(ko["outbox.emailLabel"]).fill("not an address");
    await page.getByRole("button", { name: ko["outbox.sendTestButton"] }).click();
    expect(await page.textContent(".field-error")).toBe(ko["outbox.invalidEmail"]);
    expect(await page.inputValue("#test-email")).toBe("not an address");
    expect(await page.getAttribute("#test-email", "aria-invalid")).toBe("true");
    await noScript.close();

    // The same error with JavaScript on, where axe can run (it needs scripts in the page).
    const withScript = await e2e.browser.newContext({ locale: "ko-KR" });
    const scripted = await withScript.newPage();
    await scripted.goto(`${e2e.app.baseUrl}/dev/outbox`);
    await scripted.getByLabel(ko["outbox.emailLabel"]).fill("still@not");
    await scripted.getByRole("button", { name: ko["outbox.sendTestButton"] }).click();
    await expect.poll(() => scripted.textContent(".field-error")).toBe(ko["outbox.invalidEmail"]);
    expect(await seriousAccessibilityViolations(scripted)).toEqual([]);
    await withScript.close();
    expect(await queued()).toBe(before);
  });
});
