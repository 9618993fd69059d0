import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n/locales";
import { loadCampaignPage } from "~/models/campaign-page.server";
import { loader as shareImageLoader } from "~/routes/($lang).campaigns.$slug_.share[.png]";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { createCampaign } from "../factories";

const context = { cspNonce: "", cspWithNonce: "", ipHash: "", clientIp: "" };

const TITLES: Record<Locale, string> = {
  en: "Stop the forced repatriation of North Korean escapees",
  ko: "탈북민 강제북송을 중단하고 강제송환금지 원칙을 지켜 주세요",
  ja: "脱北者の強制送還をやめ、ノン・ルフールマン原則を守ってください",
};

async function createSharedCampaign(slug: string, confirmed: number) {
  const campaign = await createCampaign({ slug, signatureGoal: 50_000 });
  for (const locale of ["en", "ko", "ja"] as const) {
    await getPrisma().campaignTranslation.update({
      where: { campaignId_locale: { campaignId: campaign.id, locale } },
      data: { title: TITLES[locale] },
    });
  }
  await getPrisma().signatureCount.create({
    data: { campaignId: campaign.id, countryIso3: "FRA", shard: 0, count: confirmed },
  });
  return campaign;
}

async function getShareImage(path: string, params: { lang?: string; slug: string }) {
  try {
    return await shareImageLoader({ request: new Request(`http://127.0.0.1${path}`), params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Width and height from a PNG's header, after checking its signature and that IHDR comes first. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("the share image route", () => {
  it.each([
    ["en", "/en/campaigns/shared-en/share.png"],
    ["ko", "/ko/campaigns/shared-ko/share.png"],
    ["ja", "/ja/campaigns/shared-ja/share.png"],
  ])("serves a 1200×630 PNG in %s, cacheable for five minutes", async (lang, path) => {
    await createSharedCampaign(`shared-${lang}`, 12_345);
    const response = await getShareImage(path, { lang, slug: `shared-${lang}` });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, s-maxage=300, stale-while-revalidate=3600",
    );
    expect(response.headers.get("vary")).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
  });

  it("picks the language from Accept-Language without a prefix, and says that it does", async () => {
    await createSharedCampaign("unprefixed", 10);
    const request = new Request("http://127.0.0.1/campaigns/unprefixed/share.png", {
      headers: { "accept-language": "ko-KR,ko;q=0.9" },
    });
    const korean = await shareImageLoader({ request, params: { slug: "unprefixed" }, context });
    expect(korean.headers.get("vary")).toBe("Accept-Language");
    const prefixed = await getShareImage("/ko/campaigns/unprefixed/share.png", {
      lang: "ko",
      slug: "unprefixed",
    });
    expect(Buffer.from(await korean.arrayBuffer())).toEqual(Buffer.from(await prefixed.arrayBuffer()));
  });

  it("shows the count: a visibly higher count is a new image", async () => {
    const campaign = await createSharedCampaign("counting", 100);
    const before = await (
      await getShareImage("/en/campaigns/counting/share.png", { lang: "en", slug: "counting" })
    ).arrayBuffer();
    await getPrisma().signatureCount.create({
      data: { campaignId: campaign.id, countryIso3: "FRA", shard: 1, count: 4_900 },
    });
    const after = await (
      await getShareImage("/en/campaigns/counting/share.png", { lang: "en", slug: "counting" })
    ).arrayBuffer();
    expect(Buffer.from(after)).not.toEqual(Buffer.from(before));
  });

  it("is a 404 for an unknown slug, a draft or an unknown language prefix", async () => {
    await createCampaign({ slug: "not-yet", status: "draft" });
    await createSharedCampaign("exists", 1);
    const missing = await getShareImage("/en/campaigns/no-such-campaign/share.png", {
      lang: "en",
      slug: "no-such-campaign",
    });
    expect(missing.status).toBe(404);
    expect((await getShareImage("/campaigns/not-yet/share.png", { slug: "not-yet" })).status).toBe(404);
    expect(
      (await getShareImage("/xx/campaigns/exists/share.png", { lang: "xx", slug: "exists" })).status,
    ).toBe(404);
  });
});

describe("the campaign page's link-preview tags", () => {
  it("point og:image at the share image route, as an absolute URL, with a large Twitter card", async () => {
    await createSharedCampaign("previewed", 7);
    const page = await loadCampaignPage("previewed", "ko");
    const meta = page!.meta as { name?: string; property?: string; content?: string }[];
    const tag = (key: string) => meta.find((m) => m.property === key || m.name === key)?.content;

    const image = new URL(tag("og:image") ?? "");
    expect(image.href).toBe(`${getEnv().APP_URL}/ko/campaigns/previewed/share.png`);
    expect(image.protocol).toMatch(/^https?:$/);
    expect(tag("og:image:width")).toBe("1200");
    expect(tag("og:image:height")).toBe("630");
    expect(tag("og:image:alt")).toBe(TITLES.ko);
    expect(tag("twitter:card")).toBe("summary_large_image");

    // The URL in the tag is served by the share route as that PNG.
    const served = await shareImageLoader({
      request: new Request(image),
      params: { lang: "ko", slug: "previewed" },
      context,
    });
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(pngSize(new Uint8Array(await served.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
  });
});
