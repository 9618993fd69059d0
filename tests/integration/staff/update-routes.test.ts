import { describe, expect, it } from "vitest";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { loader as previewLoader } from "~/routes/($lang).admin.updates.$id.preview.$locale";
import {
  action as overviewAction,
  loader as overviewLoader,
} from "~/routes/($lang).admin.updates.$id._index";
import { loader as listLoader } from "~/routes/($lang).admin.updates._index";
import { action as newAction } from "~/routes/($lang).admin.updates.new";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createCountry } from "../../factories";
import { outcome } from "../../support/route-outcome";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";
import { createDraftUpdate } from "../../support/updates";

function updateForm(overrides: Record<string, string | string[]> = {}) {
  return {
    audience: "general",
    unVoteId: "",
    languages: ["en", "ko"],
    "en.subject": "The Council voted",
    "en.body": "It was **close**.",
    "ko.subject": "안보리 표결 결과",
    "ko.body": "표결 결과를 알려 드립니다.",
    "ja.subject": "",
    "ja.body": "",
    ...overrides,
  };
}

async function createThroughRoute(as: SignedIn, overrides: Record<string, string | string[]> = {}) {
  const request = staffRequest("/en/admin/updates/new", as, updateForm(overrides));
  const result = await outcome(newAction({ request, params: { lang: "en" }, context: TEST_CONTEXT }));
  expect(result.status).toBe(302);
  return result.location!.match(/updates\/([0-9a-f-]{36})/)![1]!;
}

function post(id: string, as: SignedIn, form: Record<string, string | string[]>, lang = "en") {
  const request = staffRequest(`/${lang}/admin/updates/${id}?index`, as, form);
  return outcome(overviewAction({ request, params: { lang, id }, context: TEST_CONTEXT }));
}

async function preview(id: string, as: SignedIn, locale: string, query = "") {
  const request = staffRequest(`/en/admin/updates/${id}/preview/${locale}${query}`, as);
  const result = await outcome(
    previewLoader({ request, params: { lang: "en", id, locale }, context: TEST_CONTEXT }),
  );
  expect(result.status).toBe(200);
  return { body: await result.response!.text(), headers: result.response!.headers };
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await getPrisma().auditLog.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
  return rows.map((row) => row.action);
}

describe("writing an update", () => {
  it("answers bad input with 400, translated field errors and the typed values, and saves nothing", async () => {
    const campaigner = await signedInStaff("campaigner");
    const before = await getPrisma().update.count();
    const request = staffRequest(
      "/ko/admin/updates/new",
      campaigner,
      updateForm({
        audience: "not-a-list",
        unVoteId: "x",
        languages: ["ko", "ja"],
        "ko.subject": "",
        "ja.body": "본문만",
        "en.subject": "s".repeat(201),
      }),
    );
    const result = await outcome(newAction({ request, params: { lang: "ko" }, context: TEST_CONTEXT }));
    expect(result.status).toBe(400);
    const { errors, values } = result.data as {
      errors: Record<string, string>;
      values: { fields: Record<string, string>; languages: string[] };
    };
    expect(errors).toEqual({
      audience: "staff.updates.error.audience",
      unVoteId: "staff.updates.error.vote",
      languages: "staff.updates.error.englishRequired",
      "en.subject": "staff.updates.error.subjectLength",
      "ko.subject": "staff.updates.error.subjectRequired",
      "ja.subject": "staff.updates.error.subjectRequired",
    });
    for (const key of Object.values(errors)) {
      expect(STAFF_CATALOGUES.ko[key as keyof typeof STAFF_CATALOGUES.ko]).toMatch(/[가-힣]/);
      expect(STAFF_CATALOGUES.ja[key as keyof typeof STAFF_CATALOGUES.ja]).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    expect(values.fields["ja.body"]).toBe("본문만");
    expect(values.fields["ko.body"]).toBe("표결 결과를 알려 드립니다.");
    expect(values.languages).toEqual(["ko", "ja"]);
    expect(await getPrisma().update.count()).toBe(before);
  });

  it("refuses a campaign or vote that does not exist, keeping what was typed", async () => {
    const campaigner = await signedInStaff("campaigner");
    const request = staffRequest(
      "/en/admin/updates/new",
      campaigner,
      updateForm({
        audience: "00000000-0000-4000-8000-000000000001",
        unVoteId: "00000000-0000-4000-8000-000000000002",
      }),
    );
    const result = await outcome(newAction({ request, params: { lang: "en" }, context: TEST_CONTEXT }));
    expect(result.status).toBe(400);
    expect((result.data as { errors: object }).errors).toEqual({
      audience: "staff.updates.error.audience",
      unVoteId: "staff.updates.error.vote",
    });
  });

  it("creates a draft in the chosen languages only, edits it while it is a draft, and audits both", async () => {
    const campaigner = await signedInStaff("campaigner");
    const campaign = await createCampaign({ slug: "update-audience" });
    const id = await createThroughRoute(campaigner, { audience: campaign.id, "ja.subject": "使わない" });
    const created = await getPrisma().update.findUniqueOrThrow({
      where: { id },
      include: { translations: true },
    });
    expect(created).toMatchObject({ status: "draft", campaignId: campaign.id, authorId: campaigner.userId });
    expect(created.translations.map((t) => t.locale).sort()).toEqual(["en", "ko"]);

    const bad = await post(id, campaigner, { intent: "save", ...updateForm({ "en.body": "" }) });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: object }).errors).toEqual({
      "en.body": "staff.updates.error.bodyRequired",
    });

    const saved = await post(id, campaigner, {
      intent: "save",
      ...updateForm({ languages: ["en"], "en.subject": "Corrected" }),
    });
    expect(saved.status).toBe(302);
    const edited = await getPrisma().updateTranslation.findMany({ where: { updateId: id } });
    expect(edited.map((t) => [t.locale, t.subject])).toEqual([["en", "Corrected"]]);
    const audit = await getPrisma().auditLog.findFirstOrThrow({
      where: { targetId: id, action: "update.edited" },
    });
    expect(audit.details).toEqual({ changed: ["audience", "languages", "en.subject"] });
    expect(await auditActions(id)).toEqual(["update.created", "update.edited"]);

    // Once sending has started the text is what was checked: no more edits.
    await getPrisma().update.update({ where: { id }, data: { status: "sent" } });
    const late = await post(id, campaigner, { intent: "save", ...updateForm() });
    expect(late.status).toBe(400);
    expect((late.data as { errors: object }).errors).toEqual({ form: "staff.updates.error.wrongState" });
  });
});

describe("previewing an update", () => {
  it("shows each language's email as HTML and plain text, and English where a language is missing", async () => {
    const viewer = await signedInStaff("viewer");
    const update = await createDraftUpdate({ locales: ["en", "ko"] });

    const korean = await preview(update.id, viewer, "ko");
    expect(korean.headers.get("content-type")).toMatch(/^text\/html/);
    expect(korean.headers.get("content-language")).toBe("ko");
    expect(korean.body).toContain("<title>ko subject</title>");
    expect(korean.body).toContain("Hello in <strong>ko</strong>.");
    expect(korean.body).toContain('lang="ko"');

    const text = await preview(update.id, viewer, "ko", "?format=text");
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text.body).toContain("Second paragraph (ko).");
    expect(text.body).not.toContain("<p>");

    // No Japanese text: a Japanese subscriber gets the English email, chrome included.
    const japanese = await preview(update.id, viewer, "ja");
    expect(japanese.headers.get("content-language")).toBe("en");
    expect(japanese.body).toContain("<title>en subject</title>");
    expect(japanese.body).toContain('lang="en"');

    // The overview page shows the plain text of all three.
    const page = await outcome(
      overviewLoader({
        request: staffRequest(`/en/admin/updates/${update.id}`, viewer),
        params: { lang: "en", id: update.id },
        context: TEST_CONTEXT,
      }),
    );
    const data = page.data as {
      texts: { language: string; text: string }[];
      editor: unknown;
      mayAct: boolean;
    };
    expect(
      data.texts.map(({ language, text }) => [
        language,
        text.includes(`Hello in ${language === "ja" ? "en" : language}`),
      ]),
    ).toEqual([
      ["en", true],
      ["ko", true],
      ["ja", true],
    ]);
    // A viewer reads; only campaigners get the editor and the buttons.
    expect(data.editor).toBeNull();
    expect(data.mayAct).toBe(false);
  });

  it("previews the vote line as a reader from each state that voted gets it", async () => {
    const viewer = await signedInStaff("viewer");
    for (const iso3 of ["KOR", "JPN"]) await createCountry(iso3);
    const vote = await getPrisma().unVote.create({
      data: {
        body: "human_rights_council",
        outcome: "adopted",
        meeting: "A/HRC/61/PV.40",
        votedOn: new Date("2026-04-03"),
        title: "Situation of human rights in the DPRK",
        resolution: "A/HRC/RES/61/1",
        totalYes: 1,
        totalNo: 0,
        totalAbstain: 1,
        totalNonVoting: 0,
        memberVotes: {
          create: [
            { countryIso3: "KOR", choice: "yes" },
            { countryIso3: "JPN", choice: "abstain" },
          ],
        },
      },
    });
    const update = await createDraftUpdate({ unVoteId: vote.id });
    const korean = await preview(update.id, viewer, "ko", "?country=KOR&format=text");
    expect(korean.body).toContain("대한민국의 표결: 찬성");
    expect(korean.body).toContain("유엔 인권이사회");
    const japanese = await preview(update.id, viewer, "ja", "?country=JPN&format=text");
    expect(japanese.body).toContain("日本の投票：棄権");
    const none = await preview(update.id, viewer, "ja", "?format=text");
    expect(none.body).toContain("賛成 1、反対 0、棄権 1");
    expect(none.body).not.toContain("の投票：");

    const page = await outcome(
      overviewLoader({
        request: staffRequest(`/ja/admin/updates/${update.id}`, viewer),
        params: { lang: "ja", id: update.id },
        context: TEST_CONTEXT,
      }),
    );
    expect((page.data as { countries: { iso3: string; name: string }[] }).countries).toEqual([
      { iso3: "KOR", name: "韓国" },
      { iso3: "JPN", name: "日本" },
    ]);
  });

  it("serves the preview under the sandboxing email policy", async () => {
    const { securityHeadersFor } = await import("~/server/security-headers.server");
    const headers = new Map(securityHeadersFor({ production: true })("/ko/admin/updates/abc/preview/ja"));
    expect(headers.get("Content-Security-Policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(headers.get("X-Frame-Options")).toBe("DENY");
    const page = new Map(securityHeadersFor({ production: true })("/ko/admin/updates/abc"));
    expect(page.get("Content-Security-Policy")).not.toMatch(/sandbox/);
  });
});

describe("sending a test", () => {
  it("goes to the signed-in staff member's own address only, is audited, and is rate-limited", async () => {
    const campaigner = await signedInStaff("campaigner");
    const me = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: campaigner.userId } });
    const update = await createDraftUpdate({ locales: ["en", "ja"] });
    const before = await getPrisma().outboxMessage.count();

    // A crafted field naming another address changes nothing: the address comes from the session.
    const sent = await post(update.id, campaigner, {
      intent: "test",
      locale: "ja",
      to: "victim@example.org",
    });
    expect(sent.status).toBe(302);
    const messages = await getPrisma().outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: 1 });
    expect(await getPrisma().outboxMessage.count()).toBe(before + 1);
    expect(messages[0]!.to).toEqual([me.email]);
    expect(messages[0]!.subject).toBe("[TEST] ja subject");
    expect(messages[0]!.headers).toEqual({});
    // No delivery row: a test is not part of the fan-out's progress.
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id } })).toBe(0);
    expect(await auditActions(update.id)).toEqual(["update.test-sent"]);

    for (let i = 0; i < 4; i++)
      expect((await post(update.id, campaigner, { intent: "test", locale: "en" })).status).toBe(302);
    const limited = await post(update.id, campaigner, { intent: "test", locale: "en" });
    expect(limited.status).toBe(429);
    expect(limited.data).toEqual({ intent: "test", error: "staff.updates.error.testLimit" });
    expect(await getPrisma().outboxMessage.count()).toBe(before + 5);
  });
});

describe("who may do what", () => {
  it("lets viewers read the list and an update, but not change anything", async () => {
    const viewer = await signedInStaff("viewer");
    const update = await createDraftUpdate();
    const list = await outcome(
      listLoader({
        request: staffRequest("/en/admin/updates", viewer),
        params: { lang: "en" },
        context: TEST_CONTEXT,
      }),
    );
    expect(list.status).toBe(200);
    expect((list.data as { mayCreate: boolean }).mayCreate).toBe(false);
    expect((list.data as { updates: { id: string }[] }).updates.map((u) => u.id)).toContain(update.id);
    for (const intent of ["send", "test", "pause", "save"]) {
      expect((await post(update.id, viewer, { intent, locale: "en" })).status).toBe(403);
    }
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe("draft");
  });

  it("answers a state change that does not fit the update's state with 409", async () => {
    const campaigner = await signedInStaff("campaigner");
    const update = await createDraftUpdate();
    expect((await post(update.id, campaigner, { intent: "pause" })).status).toBe(409);
    expect((await post(update.id, campaigner, { intent: "resume" })).status).toBe(409);
    expect((await post(update.id, campaigner, { intent: "unschedule" })).status).toBe(409);
    expect((await post(update.id, campaigner, { intent: "nonsense" })).status).toBe(400);
    expect((await post("00000000-0000-4000-8000-000000000009", campaigner, { intent: "send" })).status).toBe(
      404,
    );
  });
});
