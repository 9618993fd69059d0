// What the campaign page shows, gathered in one place; its route turns it into a Response.
import { getTranslator } from "~/i18n/catalog.server";
import type { Locale } from "~/i18n/locales";
import { councilYear, findPublicCampaign, type CampaignView } from "~/models/campaign.server";
import { countryNames, listMemberStates } from "~/models/country.server";
import { campaignFundraising } from "~/models/donation-totals.server";
import { countPublicSignatures, listRecentSigners } from "~/models/public-counts.server";
import { listCampaignVoteRecords } from "~/models/un-vote.server";
import { getEnv } from "~/utils/env.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { formShownToken } from "~/utils/form-timing.server";
import { campaignShareImageUrl, campaignUrl } from "~/utils/public-url.server";

const OG_LOCALES = { en: "en_US", ko: "ko_KR", ja: "ja_JP" } as const;

/**
 * The page's <title> and link-preview tags (Open Graph; Twitter falls back to them), built here
 * rather than in the route's meta function, which would ship to every browser.
 */
function campaignMeta(
  campaign: { slug: string; title: string; summary: string; textLocale: Locale },
  locale: Locale,
  url: string,
) {
  const t = getTranslator(locale);
  return [
    { title: t("document.title", { page: campaign.title, org: getEnv().ORG_NAME }) },
    { name: "description", content: campaign.summary },
    { property: "og:title", content: campaign.title },
    { property: "og:description", content: campaign.summary },
    { property: "og:url", content: url },
    { property: "og:locale", content: OG_LOCALES[campaign.textLocale] },
    // The share image (title, count, progress): app/routes/($lang).campaigns.$slug_.share[.png].ts
    { property: "og:image", content: campaignShareImageUrl(locale, campaign.slug) },
    { property: "og:image:type", content: "image/png" },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: campaign.title },
    { name: "twitter:card", content: "summary_large_image" },
    // X falls back to og:image but not to og:image:alt.
    { name: "twitter:image:alt", content: campaign.title },
  ];
}

/** Everything the campaign page shows, or null when no public campaign has that slug. */
export async function loadCampaignPage(slug: string, locale: Locale) {
  const campaign = await findPublicCampaign(slug, locale);
  return campaign ? campaignPageFor(campaign, locale) : null;
}

/**
 * What the campaign page shows for one campaign, as loaded by findPublicCampaign or, for a
 * staff preview, findCampaignForPreview: the preview renders from exactly this.
 */
export async function campaignPageFor(campaign: CampaignView, locale: Locale) {
  const shareUrl = campaignUrl(locale, campaign.slug);
  const [counts, recentSigners, countries, voteRecords, fundraising] = await Promise.all([
    countPublicSignatures(campaign.id),
    listRecentSigners(campaign.id),
    listMemberStates(locale),
    // The UN votes linked to the campaign and how its targets voted (issue 11).
    listCampaignVoteRecords(
      campaign.id,
      campaign.targets.map((target) => target.iso3),
    ),
    // Raised against the money goal, like the signature count part of the page's one copy (0016).
    campaign.donationGoal ? campaignFundraising(campaign.id, campaign.donationGoal) : null,
  ]);
  return {
    campaign,
    // Rendered here, on the server, through the sanitiser: the page puts these in as they are.
    html: {
      petition: renderMarkdown(campaign.petition),
      background: renderMarkdown(campaign.background),
      outcome: renderMarkdown(campaign.outcome),
    },
    year: councilYear(),
    counts,
    // The bar links to the donate page while the campaign is live and payments are configured.
    fundraising: fundraising && {
      ...fundraising,
      canGive: getEnv().payments !== "off" && campaign.status === "live",
    },
    countryNames: await countryNames(Object.keys(counts.byCountry), locale),
    recentSigners,
    countries,
    voteRecords,
    formShown: formShownToken(campaign.id),
    shareUrl,
    meta: campaignMeta(campaign, locale, shareUrl),
  };
}
