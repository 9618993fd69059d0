import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { getPrisma } from "~/utils/db.server";
import { action as overviewAction } from "~/routes/($lang).admin.campaigns.$id._index";
import { action as editAction, loader as editLoader } from "~/routes/($lang).admin.campaigns.$id.edit";
import { loader as previewLoader } from "~/routes/($lang).admin.campaigns.$id.preview.$locale";
import { action as newAction } from "~/routes/($lang).admin.campaigns.new";
import { createCountry, createCouncilSeat } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

type Outcome = { status: number; location: string | null; data: unknown };

/** What a loader or action answered: a thrown or returned Response, or data with its status. */
async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await promise;
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get("location"), data: null };
  }
  const withInit = result as { init?: { status?: number }; data?: unknown; type?: string };
  if (withInit?.type === "DataWithResponseInit") {
    return { status: withInit.init?.status ?? 200, location: null, data: withInit.data };
  }
  return { status: 200, location: null, data: result };
}

function campaignForm(slug: string, overrides: Record<string, string | string[]> = {}) {
  return {
    slug,
    sourceLocale: "en",
    signatureGoal: "2000",
    deadline: "",
    privacyMode: "normal",
    targets: ["FRA"],
    "en.title": "Free them",
    "en.summary": "A short summary.",
    "en.petition": "We ask you to act.",
    "ko.title": "석방하라",
    ...overrides,
  };
}

async function createThroughRoute(
  as: SignedIn,
  slug: string,
  overrides: Record<string, string | string[]> = {},
) {
  const request = staffRequest("/en/admin/campaigns/new", as, campaignForm(slug, overrides));
  const result = await outcome(newAction({ request, params: { lang: "en" }, context: TEST_CONTEXT }));
  expect(result.status).toBe(302);
  return result.location!.match(/campaigns\/([0-9a-f-]{36})/)![1]!;
}

describe("the campaign editor routes", () => {
  it("answers bad input with 400, translated field errors and the typed values, and saves nothing", async () => {
    await createCountry("FRA");
    const campaigner = await signedInStaff("campaigner");
    const before = await getPrisma().campaign.count();
    const request = staffRequest(
      "/ko/admin/campaigns/new",
      campaigner,
      campaignForm("Not A Slug", { signatureGoal: "lots", "en.shareText": "x".repeat(200) }),
    );
    const result = await outcome(newAction({ request, params: { lang: "ko" }, context: TEST_CONTEXT }));
    expect(result.status).toBe(400);
    const { errors, values } = result.data as {
      errors: Record<string, string>;
      values: { fields: Record<string, string>; targets: string[] };
    };
    expect(errors).toEqual({
      slug: "staff.campaigns.error.slugFormat",
      signatureGoal: "staff.campaigns.error.goal",
      "en.shareText": "staff.campaigns.error.tooLong.shareText",
    });
    // Every error is a key with a Korean (and Japanese) text, so the form shows it translated.
    for (const key of Object.values(errors)) {
      expect(STAFF_CATALOGUES.ko[key as keyof typeof STAFF_CATALOGUES.ko]).toBeTruthy();
      expect(STAFF_CATALOGUES.ja[key as keyof typeof STAFF_CATALOGUES.ja]).toBeTruthy();
    }
    expect(values.fields.slug).toBe("Not A Slug");
    expect(values.fields["ko.title"]).toBe("석방하라");
    expect(values.targets).toEqual(["FRA"]);
    expect(await getPrisma().campaign.count()).toBe(before);
    expect(await getPrisma().auditLog.count({ where: { action: "campaign.created" } })).toBe(0);
  });

  it("lets a campaigner create, edit, preview and publish; refuses a viewer with 403", async () => {
    await createCountry("FRA");
    await createCouncilSeat("GBR", new Date().getUTCFullYear(), "permanent");
    const campaigner = await signedInStaff("campaigner");
    const viewer = await signedInStaff("viewer");
    const slug = `route-${randomUUID().slice(0, 8)}`;

    const denied = staffRequest("/en/admin/campaigns/new", viewer, campaignForm(slug));
    expect(
      (await outcome(newAction({ request: denied, params: { lang: "en" }, context: TEST_CONTEXT }))).status,
    ).toBe(403);

    const id = await createThroughRoute(campaigner, slug);
    const params = { lang: "en", id };

    const editPage = await outcome(
      editLoader({
        request: staffRequest(`/en/admin/campaigns/${id}/edit`, campaigner),
        params,
        context: TEST_CONTEXT,
      }),
    );
    const editData = editPage.data as {
      values: { fields: Record<string, string> };
      choices: { iso3: string; council: string | null }[];
    };
    expect(editData.values.fields["en.title"]).toBe("Free them");
    expect(editData.choices.find((choice) => choice.iso3 === "GBR")?.council).toBe("permanent");

    const badEdit = staffRequest(
      `/en/admin/campaigns/${id}/edit`,
      campaigner,
      campaignForm(slug, { targets: ["QQQ"] }),
    );
    const bad = await outcome(editAction({ request: badEdit, params, context: TEST_CONTEXT }));
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string> }).errors).toEqual({
      targets: "staff.campaigns.error.targets",
    });

    const edit = staffRequest(
      `/en/admin/campaigns/${id}/edit`,
      campaigner,
      campaignForm(slug, { "en.petition": "We ask you to <script>alert(1)</script>**act**." }),
    );
    expect((await outcome(editAction({ request: edit, params, context: TEST_CONTEXT }))).status).toBe(302);

    // Korean is incomplete (a title only): its preview falls back to English, visibly.
    const preview = await outcome(
      previewLoader({
        request: staffRequest(`/en/admin/campaigns/${id}/preview/ko`, viewer),
        params: { ...params, locale: "ko" },
        context: TEST_CONTEXT,
      }),
    );
    const previewData = preview.data as {
      page: {
        campaign: { status: string; fallback: boolean; textLocale: string };
        html: { petition: string };
      };
    };
    expect(previewData.page.campaign).toMatchObject({ status: "draft", fallback: true, textLocale: "en" });
    expect(previewData.page.html.petition).toBe("<p>We ask you to <strong>act</strong>.</p>");

    const viewerPublish = staffRequest(`/en/admin/campaigns/${id}`, viewer, { intent: "publish" });
    expect(
      (await outcome(overviewAction({ request: viewerPublish, params, context: TEST_CONTEXT }))).status,
    ).toBe(403);
    expect((await getPrisma().campaign.findUniqueOrThrow({ where: { id } })).status).toBe("draft");

    const publish = staffRequest(`/en/admin/campaigns/${id}`, campaigner, { intent: "publish" });
    const published = await outcome(overviewAction({ request: publish, params, context: TEST_CONTEXT }));
    expect(published).toMatchObject({ status: 302, location: `/en/admin/campaigns/${id}?done=publish` });
    expect((await getPrisma().campaign.findUniqueOrThrow({ where: { id } })).status).toBe("live");

    const again = staffRequest(`/en/admin/campaigns/${id}`, campaigner, { intent: "publish" });
    const refused = await outcome(overviewAction({ request: again, params, context: TEST_CONTEXT }));
    expect(refused).toMatchObject({ status: 409, data: { error: "staff.campaigns.error.wrongState" } });
  });

  it("answers 404 for an id that is not a campaign, after the role check", async () => {
    const campaigner = await signedInStaff("campaigner");
    for (const id of ["not-a-uuid", randomUUID()]) {
      const request = staffRequest(`/en/admin/campaigns/${id}/edit`, campaigner);
      expect(
        (await outcome(editLoader({ request, params: { lang: "en", id }, context: TEST_CONTEXT }))).status,
      ).toBe(404);
      const preview = staffRequest(`/en/admin/campaigns/${id}/preview/en`, campaigner);
      expect(
        (
          await outcome(
            previewLoader({
              request: preview,
              params: { lang: "en", id, locale: "en" },
              context: TEST_CONTEXT,
            }),
          )
        ).status,
      ).toBe(404);
    }
  });
});
