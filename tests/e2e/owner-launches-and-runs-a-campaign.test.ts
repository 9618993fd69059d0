// Staff, end to end in Chromium: two owners enrol (an authenticator app; a passkey on Chromium's
// virtual authenticator), sign out and in again, launch a campaign in three languages, watch a
// signature arrive, moderate a held one, export, download the delivery pack; lower roles are
// refused; the new campaign's public page passes axe in every language.
import fs from "node:fs";
import { Secret, TOTP } from "otpauth";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import authEn from "~/i18n/staff/auth.en.json";
import campaignsEn from "~/i18n/staff/campaigns.en.json";
import coreEn from "~/i18n/staff/core.en.json";
import { listOutboxMessages } from "~/models/outbox.server";
import { createStaffAccount } from "~/models/staff-enrolment.server";
import { getPrisma } from "~/utils/db.server";
import { createStaffUser, signedInAs } from "../support/staff";
import { seriousAccessibilityViolations, useAppAndBrowser, watchPage } from "./harness";
import { fillSignForm } from "./sign-form";

const e2e = useAppAndBrowser({ localhost: true });

const SLUG = "free-the-detained";
const PASSWORD = "lantern orchard velvet compass";

function at(path: string): string {
  return e2e.app.appUrl + path;
}

/** The path of a link the test process made (its APP_URL differs from the app's). */
function pathOf(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}

async function enrolmentLink(email: string): Promise<string> {
  const { enrolmentUrl } = await createStaffAccount({ email, role: "owner", locale: "en", actorId: null });
  return at(pathOf(enrolmentUrl));
}

async function setPassword(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel(authEn["staff.auth.field.newPassword"], { exact: true }).fill(PASSWORD);
  await page.getByLabel(authEn["staff.auth.field.confirmPassword"]).fill(PASSWORD);
  await page.getByRole("button", { name: authEn["staff.auth.enrol.setPassword"] }).click();
  await page.getByRole("heading", { name: authEn["staff.auth.enrol.factorTitle"] }).waitFor();
}

async function recoveryCodes(page: Page): Promise<string[]> {
  const list = page.getByTestId("recovery-codes");
  await list.waitFor();
  return (await list.locator("li").allTextContents()).map((code) => code.trim());
}

async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: coreEn["staff.signOut"] }).click();
  await page.getByRole("heading", { name: authEn["staff.auth.signIn.title"] }).waitFor();
}

async function signInWithPassword(page: Page, email: string) {
  await page.goto(at("/en/admin/sign-in"));
  await page.getByLabel(authEn["staff.auth.field.email"]).fill(email);
  await page.getByLabel(authEn["staff.auth.field.password"], { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: authEn["staff.auth.signIn.submit"], exact: true }).click();
  await page.getByRole("heading", { name: authEn["staff.auth.signIn.factorTitle"] }).waitFor();
}

/** A staff session made by the test, in a browser context of its own (for the role checks). */
async function contextSignedInAs(role: "campaigner" | "viewer") {
  const user = await createStaffUser(role);
  const session = await signedInAs(user.id);
  const context = await e2e.browser.newContext();
  const [name, ...value] = session.cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: e2e.app.appUrl }]);
  return { context, session };
}

async function confirmationLinkFor(email: string): Promise<string> {
  let text = "";
  await expect
    .poll(
      async () => {
        text = (await listOutboxMessages()).find((m) => m.to.includes(email))?.text ?? "";
        return text;
      },
      { timeout: 15_000 },
    )
    .toMatch(/\/confirm\//);
  return at(pathOf(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/.exec(text)![0]));
}

describe("an owner launching and running a campaign", () => {
  let totpOwner: Page;
  let campaignId = "";

  it("enrols with an authenticator app, signs out, and signs in again with a recovery code", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.appUrl);
    await setPassword(page, await enrolmentLink("ha-eun@ngo.example"));
    const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await page.getByLabel(authEn["staff.auth.totp.codeLabel"]).fill(code);
    await page.getByRole("button", { name: authEn["staff.auth.totp.confirm"] }).click();
    const codes = await recoveryCodes(page);
    expect(codes).toHaveLength(10);
    await page.getByRole("link", { name: authEn["staff.auth.enrol.continue"] }).click();
    await page.getByRole("heading", { name: coreEn["staff.title"], exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await signOut(page);
    await page.goto(at("/en/admin"));
    await page.getByRole("heading", { name: authEn["staff.auth.signIn.title"] }).waitFor();
    await signInWithPassword(page, "ha-eun@ngo.example");
    await page.getByLabel(authEn["staff.auth.signIn.codeLabel"]).fill(codes[0]!);
    await page.getByRole("button", { name: authEn["staff.auth.signIn.verify"] }).click();
    await page.getByRole("heading", { name: coreEn["staff.title"], exact: true }).waitFor();
    expect(watch.foreignRequests).toEqual([]);
    totpOwner = page;
  });

  it("enrols another owner with a passkey, who signs out and in again with the passkey alone", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, e2e.app.appUrl);
    await addVirtualAuthenticator(context, page);
    await setPassword(page, await enrolmentLink("kenji@ngo.example"));
    await page.getByRole("button", { name: authEn["staff.auth.passkey.create"] }).click();
    expect(await recoveryCodes(page)).toHaveLength(10);
    await page.getByRole("link", { name: authEn["staff.auth.enrol.continue"] }).click();
    await page.getByRole("heading", { name: coreEn["staff.title"], exact: true }).waitFor();

    await signOut(page);
    await page.getByRole("button", { name: authEn["staff.auth.signIn.passkeyOnly"] }).click();
    await page.getByRole("heading", { name: coreEn["staff.title"], exact: true }).waitFor();
    const passkey = await getPrisma().staffPasskey.findFirstOrThrow({
      where: { user: { email: "kenji@ngo.example" } },
    });
    expect(passkey.lastUsedAt).toBeInstanceOf(Date);
    expect(watch.consoleProblems).toEqual([]);
    await context.close();
  });

  it("creates a campaign in three languages, previews it and publishes it", async () => {
    const page = totpOwner;
    await page.goto(at("/en/admin/campaigns/new"));
    await page.getByLabel(campaignsEn["staff.campaigns.field.slug"]).fill(SLUG);
    await page.getByLabel(campaignsEn["staff.campaigns.field.signatureGoal"]).fill("5000");
    for (const iso3 of ["KOR", "JPN", "USA"]) await page.locator(`#target-${iso3}`).check();
    const texts = {
      English: [
        "Free the detained",
        "Release everyone held for their faith.",
        "We call on the Council to act.",
      ],
      Korean: [
        "구금된 이들을 석방하라",
        "신앙 때문에 구금된 모든 이를 석방하십시오.",
        "안보리가 행동에 나서기를 촉구합니다.",
      ],
      Japanese: [
        "拘束された人々の解放を",
        "信仰を理由に拘束された全員の解放を求めます。",
        "安保理に行動を求めます。",
      ],
    };
    for (const [language, [title, summary, petition]] of Object.entries(texts)) {
      await page.getByLabel(`Title (${language})`).fill(title!);
      await page.getByLabel(`Summary (${language})`).fill(summary!);
      await page.getByLabel(`Petition text (${language})`).fill(`${petition}\n\n**Now.**`);
    }
    await page.getByRole("button", { name: campaignsEn["staff.campaigns.form.create"] }).click();
    await page.getByText(campaignsEn["staff.campaigns.form.created"]).waitFor();
    campaignId = (await getPrisma().campaign.findUniqueOrThrow({ where: { slug: SLUG } })).id;

    await page.getByRole("link", { name: "Preview in Korean" }).click();
    await page.getByText(texts.Korean[0]!).first().waitFor();
    expect(await page.locator("strong", { hasText: "Now." }).count()).toBeGreaterThan(0);
    await page.goBack();
    await page.getByRole("button", { name: campaignsEn["staff.campaigns.action.publish"] }).click();
    await page.getByText(campaignsEn["staff.campaigns.action.done.publish"]).waitFor();
    const published = await getPrisma().campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(published.status).toBe("live");
  });

  it("sees a confirmed signature on the dashboard and clears a held one", async () => {
    const supporter = await e2e.browser.newContext();
    const page = await supporter.newPage();
    await page.goto(at(`/en/campaigns/${SLUG}`));
    await fillSignForm(page, { name: "Park Ji-woo", email: "jiwoo@example.org", country: "KOR" });
    await page.waitForURL(/check-email$/);
    await page.goto(await confirmationLinkFor("jiwoo@example.org"));
    await page.getByRole("button", { name: en["confirm.button"] }).click();
    await page.waitForURL(/thanks$/);

    // Posted faster than a person could type: held, not counted, no email.
    await page.goto(at(`/en/campaigns/${SLUG}`));
    await page.getByLabel(en["sign.name"]).fill("Quick Poster");
    await page.getByLabel(en["sign.email"]).fill("quick@example.org");
    await page.getByLabel(en["sign.country"]).selectOption("JPN");
    await page.getByRole("button", { name: en["sign.submit"] }).click();
    await page.waitForURL(/check-email$/);
    await supporter.close();
    const held = await getPrisma().signature.findFirstOrThrow({
      where: { campaignId, email: "quick@example.org" },
    });
    expect(held.flagged).toBe(true);

    const owner = totpOwner;
    await owner.goto(at(`/en/admin/campaigns/${campaignId}/dashboard`));
    await owner.getByText("1 counted signature in all.").waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);

    await owner.goto(at(`/en/admin/moderation?campaign=${campaignId}`));
    await owner.getByRole("checkbox", { name: "Select the signature of quick@example.org" }).check();
    await owner.getByRole("button", { name: "Clear selected" }).click();
    await expect
      .poll(async () => (await getPrisma().signature.findUniqueOrThrow({ where: { id: held.id } })).flagged)
      .toBe(false);
  });

  it("exports the signatures as CSV and downloads the delivery pack", async () => {
    const owner = totpOwner;
    await owner.goto(at(`/en/admin/campaigns/${campaignId}`));
    const [csv] = await Promise.all([
      owner.waitForEvent("download"),
      owner.getByRole("link", { name: campaignsEn["staff.campaigns.overview.export"] }).click(),
    ]);
    const rows = fs.readFileSync((await csv.path())!, "utf8");
    expect(rows).toContain("jiwoo@example.org");

    await owner.getByRole("link", { name: "Delivery pack for Republic of Korea" }).click();
    await owner.getByRole("link", { name: "Download the PDF" }).waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    const pack = await owner.request.get(at(`/en/admin/campaigns/${campaignId}/delivery/KOR/pack.pdf`));
    expect(pack.status()).toBe(200);
    const bytes = await pack.body();
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.includes(Buffer.from("Park Ji-woo"))).toBe(false);
  });

  it("refuses staff management to a campaigner and publishing to a viewer", async () => {
    const campaigner = await contextSignedInAs("campaigner");
    const campaignerPage = await campaigner.context.newPage();
    const refused = await campaignerPage.goto(at("/en/admin/staff"));
    expect(refused?.status()).toBe(403);
    await campaignerPage.getByRole("heading", { name: coreEn["staff.forbidden.title"] }).waitFor();
    await campaigner.context.close();

    const viewer = await contextSignedInAs("viewer");
    const viewerPage = await viewer.context.newPage();
    await viewerPage.goto(at(`/en/admin/campaigns/${campaignId}`));
    expect(
      await viewerPage.getByRole("button", { name: campaignsEn["staff.campaigns.action.publish"] }).count(),
    ).toBe(0);
    const post = await viewerPage.request.post(at(`/en/admin/campaigns/${campaignId}?index`), {
      form: { intent: "close", csrf: viewer.session.csrf },
    });
    expect(post.status()).toBe(403);
    expect((await getPrisma().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("live");
    await viewer.context.close();
  });

  it("publishes a page that passes axe in every language", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    for (const lang of ["en", "ko", "ja"]) {
      await page.goto(at(`/${lang}/campaigns/${SLUG}`));
      expect(await page.locator("h1").textContent()).not.toBe("");
      expect(await seriousAccessibilityViolations(page), lang).toEqual([]);
    }
    await context.close();
  });
});
