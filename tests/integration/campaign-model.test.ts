import { describe, expect, it } from "vitest";
import { findPublicCampaign, listPublicCampaigns } from "~/models/campaign.server";
import { createCampaign, createCouncilSeat } from "../factories";

describe("listPublicCampaigns", () => {
  it("lists live and closed campaigns, newest first, and never drafts or archived ones", async () => {
    const day = 86_400_000;
    await createCampaign({ slug: "older-live", publishedAt: new Date(Date.now() - 2 * day) });
    await createCampaign({ slug: "newer-closed", status: "closed", publishedAt: new Date(Date.now() - day) });
    await createCampaign({ slug: "a-draft", status: "draft" });
    await createCampaign({ slug: "an-archive", status: "archived" });

    const campaigns = await listPublicCampaigns("en");
    expect(campaigns.map((c) => c.slug)).toEqual(["newer-closed", "older-live"]);
  });

  it("shows the reader's language, and the source language where a translation is missing", async () => {
    await createCampaign({ slug: "ko-only", sourceLocale: "ko", locales: ["ko"] });

    const [ja] = await listPublicCampaigns("ja");
    expect(ja).toMatchObject({ title: "ko-only title (ko)", textLocale: "ko" });
    const [ko] = await listPublicCampaigns("ko");
    expect(ko).toMatchObject({ title: "ko-only title (ko)", textLocale: "ko" });
  });
});

describe("findPublicCampaign", () => {
  it("names the targets in the reader's language and marks this year's Council members", async () => {
    await createCouncilSeat("USA", 2026, "permanent");
    await createCouncilSeat("KOR", 2025);
    await createCampaign({ slug: "targets", targets: ["USA", "KOR"] });

    const campaign = await findPublicCampaign("targets", "ko", 2026);
    expect(campaign?.targets).toEqual([
      { iso3: "USA", name: "미국", flag: "/flags/us.svg", onCouncil: true },
      { iso3: "KOR", name: "대한민국", flag: "/flags/kr.svg", onCouncil: false },
    ]);
    const in2025 = await findPublicCampaign("targets", "en", 2025);
    expect(in2025?.targets.map((t) => [t.name, t.onCouncil])).toEqual([
      ["United States of America", false],
      ["Republic of Korea", true],
    ]);
  });

  it("finds nothing for an unknown slug or a draft", async () => {
    await createCampaign({ slug: "draft-one", status: "draft" });
    expect(await findPublicCampaign("no-such-campaign", "en")).toBeUndefined();
    expect(await findPublicCampaign("draft-one", "en")).toBeUndefined();
  });
});
