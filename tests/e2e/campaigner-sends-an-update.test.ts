// A campaigner writes an update in the staff area, in Korean, previews it, sends a test to
// themselves and sends it; the built app's own worker delivers it. With and without JavaScript.
import { describe, expect, it } from "vitest";
import updatesKo from "~/i18n/staff/updates.ko.json";
import { getPrisma } from "~/utils/db.server";
import { createCountry } from "../factories";
import { createStaffUser, signedInAs } from "../support/staff";
import { subscribe } from "../support/updates";
import { seriousAccessibilityViolations, useAppAndBrowser } from "./harness";

const e2e = useAppAndBrowser();

async function contextSignedIn(javaScriptEnabled: boolean) {
  const user = await createStaffUser("campaigner");
  const session = await signedInAs(user.id);
  const context = await e2e.browser.newContext({ javaScriptEnabled });
  const [name, ...value] = session.cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: e2e.app.appUrl }]);
  return { context, user };
}

describe("a campaigner sending an update", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(
      `writes, previews, tests and sends it (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
      { timeout: 90_000 },
      async () => {
        const tag = javaScriptEnabled ? "js" : "nojs";
        const { context, user } = await contextSignedIn(javaScriptEnabled);
        const readers = [`${tag}-a@example.org`, `${tag}-b@example.org`];
        const page = await context.newPage();

        let voteId: string | null = null;
        // With script on, the update is about a recorded vote (its page then offers a per-country preview).
        if (javaScriptEnabled) {
          await createCountry("KOR");
          const vote = await getPrisma().unVote.create({
            data: {
              body: "security_council",
              outcome: "rejected",
              meeting: "S/PV.9950",
              votedOn: new Date("2026-06-01"),
              title: "Draft resolution on the DPRK",
              draft: "S/2026/400",
              totalYes: 1,
              totalNo: 0,
              totalAbstain: 0,
              totalNonVoting: 0,
              memberVotes: { create: [{ countryIso3: "KOR", choice: "yes" }] },
            },
          });
          voteId = vote.id;
        }
        await page.goto(`${e2e.app.baseUrl}/ko/admin/updates/new`);
        if (voteId) await page.locator("#update-vote").selectOption(voteId);
        expect(await page.textContent("h1")).toBe(updatesKo["staff.updates.form.newTitle"]);
        if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

        // Korean ticked, English left empty: refused with the Korean message, the text kept.
        await page.getByLabel(updatesKo["staff.updates.language.ko"], { exact: true }).check();
        await page.locator("#update-ko-subject").fill(`안보리 표결 소식 ${tag}`);
        await page.locator("#update-ko-body").fill("표결 결과를 **알려 드립니다**.");
        await page.getByRole("button", { name: updatesKo["staff.updates.form.create"] }).click();
        await page.getByText(updatesKo["staff.updates.error.subjectRequired"]).first().waitFor();
        expect(await page.locator("#update-ko-body").inputValue()).toBe("표결 결과를 **알려 드립니다**.");
        if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);

        await page.locator("#update-en-subject").fill(`Council vote news ${tag}`);
        await page.locator("#update-en-body").fill("Here is **how they voted**.");
        await page.getByRole("button", { name: updatesKo["staff.updates.form.create"] }).click();
        await page.getByText(updatesKo["staff.updates.done.created"]).waitFor();
        const id = /updates\/([0-9a-f-]{36})/.exec(page.url())![1]!;
        // Subscribed after the draft was written, before it is sent: they get it.
        for (const email of readers) await subscribe({ email, locale: "ko" });
        if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
        expect(await page.locator("pre[lang=ko]").textContent()).toContain("표결 결과를 알려 드립니다.");
        if (javaScriptEnabled) {
          expect(await page.getByLabel(updatesKo["staff.updates.preview.country"]).inputValue()).toBe("KOR");
        }

        // The HTML preview is served under the sandboxing policy.
        const preview = await context.request.get(`${e2e.app.baseUrl}/ko/admin/updates/${id}/preview/ko`);
        expect(preview.status()).toBe(200);
        expect(preview.headers()["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
        expect(await preview.text()).toContain("<strong>알려 드립니다</strong>");

        await page.getByRole("button", { name: updatesKo["staff.updates.test.button"] }).click();
        await page.getByText(updatesKo["staff.updates.done.test"]).waitFor();
        const test = await getPrisma().outboxMessage.findFirstOrThrow({ where: { to: { has: user.email } } });
        expect(test.subject).toContain("[TEST]");

        await page.getByRole("button", { name: updatesKo["staff.updates.send.now"] }).click();
        await page.getByText(updatesKo["staff.updates.done.send"]).waitFor();
        if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await expect
          .poll(async () => (await getPrisma().update.findUniqueOrThrow({ where: { id } })).status, {
            timeout: 20_000,
          })
          .toBe("sent");
        for (const email of readers) {
          const messages = await getPrisma().outboxMessage.findMany({ where: { to: { has: email } } });
          expect(messages.map((m) => m.subject)).toEqual([`안보리 표결 소식 ${tag}`]);
        }

        await page.goto(`${e2e.app.baseUrl}/ko/admin/updates`);
        expect(await page.getByRole("link", { name: `안보리 표결 소식 ${tag}` }).count()).toBe(1);
        if (javaScriptEnabled) expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await context.close();
      },
    );
  }
});
