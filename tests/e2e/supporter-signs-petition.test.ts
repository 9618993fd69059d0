import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ko from "~/i18n/ko.json";
import { listOutboxMessages } from "~/models/outbox.server";
import { getPrisma } from "~/utils/db.server";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";
import { fillSignForm } from "./sign-form";

const e2e = useAppAndBrowser();

const SLUG = "stop-forced-repatriation";

type OutboxEntry = { to: string[]; subject: string; text: string };
type PublicCount = { count: number } | { fewerThan: number };

// Production never serves the outbox, so the mail the app kept is read from the database.
async function emailsTo(address: string): Promise<OutboxEntry[]> {
  return (await listOutboxMessages()).filter((m) => m.to.includes(address));
}

async function waitForEmails(address: string, count: number): Promise<OutboxEntry[]> {
  await expect.poll(async () => (await emailsTo(address)).length, { timeout: 15_000 }).toBe(count);
  return emailsTo(address);
}

function confirmLink(email: OutboxEntry): string {
  const link = /http:\/\/127\.0\.0\.1:\d+\/\w\w\/confirm\/[A-Za-z0-9_-]{43}/.exec(email.text)?.[0];
  expect(link, "confirmation link in the email").toBeDefined();
  return link!;
}

async function apiCount(): Promise<number> {
  const body = (await (await fetch(`${e2e.app.baseUrl}/api/campaigns/${SLUG}`)).json()) as {
    signatureCount: number;
  };
  return body.signatureCount;
}

describe("a supporter signing a petition", () => {
  it("signs, gets the email, confirms with the button, and sees the count rise", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);
    const before = await apiCount();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await fillSignForm(page, { name: "Kim Min-ji", email: "minji.kim@example.org", country: "KOR" });
    await page.waitForURL(`${e2e.app.baseUrl}/en/campaigns/${SLUG}/check-email`);
    await expect.poll(() => page.textContent("h1")).toBe(en["check.title"]);

    const [email] = await waitForEmails("minji.kim@example.org", 1);
    expect(email!.subject).toMatch(/Please confirm your signature/);
    const link = confirmLink(email!);

    // Following the link (as a mail scanner would) shows a button and confirms nothing.
    await page.goto(link);
    expect(await page.textContent("h1")).toBe(en["confirm.title"]);
    expect(await apiCount()).toBe(before);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(`${e2e.app.baseUrl}/en/campaigns/${SLUG}/thanks`);
    await expect.poll(() => page.textContent("h1")).toBe(en["thanks.title"]);
    expect(await apiCount()).toBe(before + 1);

    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    expect(await page.textContent("[data-testid=signature-total]")).toContain(String(before + 1));
    expect(await page.textContent(".signers")).toContain("K. M.");
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleProblems).toEqual([]);
    await context.close();
  });

  it("does the same with JavaScript turned off, in Korean", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const before = await apiCount();
    await page.goto(`${e2e.app.baseUrl}/ko/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "이수진", email: "sujin.lee@example.org", country: "JPN" }, ko);
    await page.waitForURL(/\/ko\/campaigns\/[^/]+\/check-email$/);
    await expect.poll(() => page.textContent("h1")).toBe(ko["check.title"]);
    const [email] = await waitForEmails("sujin.lee@example.org", 1);
    expect(email!.subject).toMatch(/서명/);
    await page.goto(confirmLink(email!));
    await page.getByRole("button", { name: ko["confirm.button"] }).click();
    await page.waitForURL(/\/ko\/campaigns\/[^/]+\/thanks$/);
    await expect.poll(() => page.textContent("h1")).toBe(ko["thanks.title"]);
    expect(await apiCount()).toBe(before + 1);
    await context.close();
  });

  it("signing again with the same address, or a +tag or dotted variant, adds no signature", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "Park Ji-ho", email: "parkjiho@gmail.com", country: "USA" });
    await page.waitForURL(/check-email$/);
    const [first] = await waitForEmails("parkjiho@gmail.com", 1);
    await page.goto(confirmLink(first!));
    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(/thanks$/);
    const afterConfirm = await apiCount();

    for (const [index, variant] of [
      "Park.JiHo+petition@gmail.com",
      "p.a.r.k.jiho@googlemail.com",
    ].entries()) {
      await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
      await fillSignForm(page, { name: "Park Ji-ho", email: variant, country: "USA" });
      // The same page as for a first signature: a third party learns nothing.
      await page.waitForURL(/check-email$/);
      await expect.poll(() => page.textContent("h1")).toBe(en["check.title"]);
      // About a confirmed signature, mail goes only to the address it was confirmed from.
      const messages = await waitForEmails("parkjiho@gmail.com", index + 2);
      expect(messages.filter((m) => /You have already signed/.test(m.subject))).toHaveLength(index + 1);
      expect(await emailsTo(variant.toLowerCase())).toEqual([]);
    }
    expect(await apiCount()).toBe(afterConfirm);
    const rows = await getPrisma().signature.count({ where: { email: "parkjiho@gmail.com" } });
    expect(rows).toBe(1);
    await context.close();
  });

  it("gets a clear, translated error for bad input, keeps what was typed, and nothing is stored", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const stored = await getPrisma().signature.count();
    const cases = [
      {
        name: "Bad Email",
        email: "not-an-address",
        country: "FRA",
        field: "#email-error",
        message: en["sign.error.emailInvalid"],
      },
      {
        name: "",
        email: "noname@example.org",
        country: "FRA",
        field: "#name-error",
        message: en["sign.error.nameRequired"],
      },
      {
        name: "x".repeat(10_000),
        email: "long@example.org",
        country: "FRA",
        field: "#name-error",
        message: en["sign.error.nameTooLong"],
      },
    ];
    for (const { field, message, ...fields } of cases) {
      await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
      await page.getByLabel(en["sign.name"]).fill(fields.name);
      await page.getByLabel(en["sign.email"]).fill(fields.email);
      await page.getByLabel(en["sign.country"]).selectOption(fields.country);
      await page.getByRole("button", { name: en["sign.submit"] }).click();
      expect(await page.textContent(field)).toBe(message);
      expect(await page.inputValue("#sign-email")).toBe(fields.email);
      expect(await page.textContent("[role=alert]")).toBe(en["sign.errorSummary"]);
    }
    // A country code not in the list (a forged form), posted directly.
    const forged = await fetch(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Forger",
        email: "forger@example.org",
        country: "XYZ",
        display: "initials",
      }),
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain(en["sign.error.countryInvalid"]);
    expect(await getPrisma().signature.count()).toBe(stored);
    await context.close();
  });

  it("a replayed, a damaged or an expired confirmation link gets a clear page and changes nothing", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "Replay Test", email: "replay@example.org", country: "GBR" });
    const [email] = await waitForEmails("replay@example.org", 1);
    const link = confirmLink(email!);
    await page.goto(link);
    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(/thanks$/);
    const counted = await apiCount();

    // Replayed: the same POST again.
    const replay = await fetch(link, {
      method: "POST",
      body: new URLSearchParams({ intent: "confirm" }),
      redirect: "manual",
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/thanks\?already=1$/);
    expect(await apiCount()).toBe(counted);

    // Damaged: one character changed.
    const damaged = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
    const response = await page.goto(damaged);
    expect(response?.status()).toBe(400);
    expect(await page.textContent("h1")).toBe(en["confirm.invalidTitle"]);

    // Expired: a pending signature whose link is older than seven days.
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "Late Test", email: "late@example.org", country: "GBR" });
    const [late] = await waitForEmails("late@example.org", 1);
    await getPrisma().signatureSubmission.updateMany({
      where: { email: "late@example.org" },
      data: { tokenExpiresAt: new Date(Date.now() - 1_000) },
    });
    await page.goto(confirmLink(late!));
    expect(await page.textContent("h1")).toBe(en["confirm.expiredTitle"]);
    await page.getByRole("button", { name: en["confirm.resend"] }).click();
    await expect.poll(() => page.textContent("[role=status]")).toBe(en["confirm.resent"]);
    await waitForEmails("late@example.org", 2);
    expect(await apiCount()).toBe(counted);
    await context.close();
  });

  it("withdraws from the link in the confirmation email, and the count drops at once", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "Changed Mind", email: "changed@example.org", country: "FRA" });
    const [email] = await waitForEmails("changed@example.org", 1);
    await page.goto(confirmLink(email!));
    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(/thanks$/);
    const counted = await apiCount();

    const withdraw = /http:\/\/127\.0\.0\.1:\d+\/en\/withdraw\/[A-Za-z0-9_-]{44}/.exec(email!.text)?.[0];
    expect(withdraw).toBeDefined();
    const status = () =>
      getPrisma().signature.findFirstOrThrow({
        where: { email: "changed@example.org" },
        select: { status: true },
      });
    await page.goto(withdraw!);
    // Following the link alone changes nothing (a mail scanner follows links too).
    expect(await status()).toEqual({ status: "confirmed" });
    await page.getByRole("button", { name: en["withdraw.button"] }).click();
    await expect.poll(() => page.textContent("[role=status]")).toBe(en["withdraw.done"]);
    // The count is served from a copy at most a second old (docs/decisions/0016).
    await expect.poll(apiCount, { timeout: 5_000 }).toBe(counted - 1);
    await context.close();
  });

  it("finds the live count as JSON, and the page cacheable by a CDN unless a cookie is sent", async () => {
    const api = await fetch(`${e2e.app.baseUrl}/api/campaigns/${SLUG}`);
    expect(api.headers.get("cache-control")).toMatch(/s-maxage=5/);
    const body = (await api.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ["countsByCountry", "goal", "signatureCount", "slug", "status", "title", "updatedAt"].sort(),
    );
    expect(body).toMatchObject({ slug: SLUG, status: "live", goal: 30000 });
    // A count is exact only from 5 up; below that the API says "fewer than 5", never the number.
    const counts = Object.values(body.countsByCountry as Record<string, PublicCount>);
    expect(counts.length).toBeGreaterThan(0);
    for (const count of counts) {
      if ("count" in count) expect(count.count).toBeGreaterThanOrEqual(5);
      else expect(count).toEqual({ fewerThan: 5 });
    }
    expect(body.signatureCount).toBeGreaterThanOrEqual(counts.length);
    expect((await fetch(`${e2e.app.baseUrl}/api/campaigns/no-such`)).status).toBe(404);

    const page = await fetch(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    expect(page.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=2");
    expect(page.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const withCookie = await fetch(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`, {
      headers: { cookie: "staff=1" },
    });
    expect(withCookie.headers.get("cache-control")).toBe("private, no-store");
  });

  it("from North Korea is counted under other countries: no DPRK row, no number below 5, anywhere", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    await fillSignForm(page, { name: "Choi Eun-hye", email: "eunhye@example.org", country: "PRK" });
    const [email] = await waitForEmails("eunhye@example.org", 1);
    await page.goto(confirmLink(email!));
    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(/thanks$/);

    const api = await fetch(`${e2e.app.baseUrl}/api/campaigns/${SLUG}`);
    const body = (await api.json()) as { countsByCountry: Record<string, PublicCount> };
    expect(body.countsByCountry).not.toHaveProperty("PRK");
    expect(body.countsByCountry.ZZZ).toEqual({ fewerThan: 5 });
    expect(body.countsByCountry.KOR).toEqual({ fewerThan: 5 });

    // The tests above confirmed one signer each from South Korea, Japan and the United States.
    const byCountryTable = () =>
      page.$$eval("table.by-country tr", (rows) =>
        rows.map((row) => [row.querySelector("th")?.textContent, row.querySelector("td")?.textContent]),
      );
    await page.goto(`${e2e.app.baseUrl}/en/campaigns/${SLUG}`);
    const english = await byCountryTable();
    expect(english).toContainEqual(["Republic of Korea", "Fewer than 5"]);
    expect(english).toContainEqual(["Other countries and territories", "Fewer than 5"]);
    expect(english.map(([, count]) => count)).toEqual(english.map(() => "Fewer than 5"));
    expect(JSON.stringify(english)).not.toContain("Democratic People's Republic of Korea");

    await page.goto(`${e2e.app.baseUrl}/ko/campaigns/${SLUG}`);
    const korean = await byCountryTable();
    expect(korean).toContainEqual(["대한민국", "5명 미만"]);
    expect(korean).toContainEqual(["기타 국가 및 지역", "5명 미만"]);
    expect(JSON.stringify(korean)).not.toContain("북한");
    await context.close();
  });
});
