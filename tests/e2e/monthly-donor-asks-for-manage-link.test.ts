import { describe, expect, it } from "vitest";
import ko from "~/i18n/ko.json";
import { DONOR_MANAGE_EMAIL } from "~/models/donor-manage.server";
import { listOutboxMessages } from "~/models/outbox.server";
import { getPrisma } from "~/utils/db.server";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";

const e2e = useAppAndBrowser();

// The form quietly drops posts made faster than a person could fill it in.
const HUMAN_PAUSE_MS = 2_200;

async function emailsTo(address: string) {
  return (await listOutboxMessages()).filter((m) => m.to.includes(address));
}

describe("a monthly donor asking to manage their gift", () => {
  it("asks with their address, gets a link in their inbox, sees their gift and a button; a stranger's address gets the same answer and no email", async () => {
    const email = "e2e-monthly@example.org";
    // A customer the (simulated) Stripe does not know: pressing the button cannot open a portal here.
    await getPrisma().monthlyGift.create({
      data: {
        status: "active",
        amount: 30_000,
        currency: "KRW",
        locale: "ko",
        email,
        customerId: "cus_unknown_e2e",
        stripeSubscriptionId: "sub_e2e_manage",
      },
    });
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.baseUrl);

    const ask = async (address: string) => {
      await page.goto(`${e2e.app.baseUrl}/ko/donate/manage`);
      const opened = Date.now();
      expect(await page.textContent("h1")).toBe(ko["donateManage.title"]);
      await page.getByLabel(ko["donateManage.email"]).fill(address);
      const wait = HUMAN_PAUSE_MS - (Date.now() - opened);
      if (wait > 0) await page.waitForTimeout(wait);
      await page.getByRole("button", { name: ko["donateManage.submit"] }).click();
      await expect.poll(() => page.textContent("h1")).toBe(ko["donateManage.sentTitle"]);
      return page.textContent("main");
    };

    await page.goto(`${e2e.app.baseUrl}/ko/donate/manage`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const strangerAnswer = await ask("stranger@example.org");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const donorAnswer = await ask(email);
    expect(donorAnswer).toBe(strangerAnswer);

    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const [message] = await emailsTo(email);
          link = /http:\/\/127\.0\.0\.1:\d+\/ko\/donate\/manage\/[A-Za-z0-9_-]{44}/.exec(
            message?.text ?? "",
          )?.[0];
          return link !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // The stranger's request was queued like the donor's; the send-email job found no gift and sent nothing.
    await expect
      .poll(
        async () =>
          (
            await getPrisma().emailDelivery.findMany({
              where: { kind: DONOR_MANAGE_EMAIL, toEmail: "stranger@example.org" },
            })
          ).map((delivery) => delivery.status),
        { timeout: 30_000 },
      )
      .toEqual(["suppressed"]);
    expect(await emailsTo("stranger@example.org")).toEqual([]);

    await page.goto(link!);
    expect(await page.textContent("h1")).toBe(ko["donateManage.link.title"]);
    expect(await page.textContent("main")).toContain("₩30,000");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: ko["donateManage.link.open"] }).click();
    await expect.poll(() => page.textContent("[role=alert]")).toBe(ko["donateManage.link.unavailable"]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Once used (as a successful press leaves it), the link says so.
    const delivery = await getPrisma().emailDelivery.findFirstOrThrow({
      where: { kind: DONOR_MANAGE_EMAIL, toEmail: email },
    });
    await getPrisma().emailDelivery.update({
      where: { id: delivery.id },
      data: { payload: { ...(delivery.payload as object), usedAt: new Date().toISOString() } },
    });
    await page.goto(link!);
    expect(await page.textContent("h1")).toBe(ko["donateManage.link.usedTitle"]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    expect(watch.foreignRequests).toEqual([]);
    // The browser reports the statuses the pages meant: 503 (Stripe refused), 410 (link used).
    const meant = /^Failed to load resource: the server responded with a status of (?:503|410)\b/;
    expect(watch.consoleProblems.filter((problem) => !meant.test(problem))).toEqual([]);
    await context.close();
  });
});
