// The donate form's question before it is posted: does giving from this network to this campaign
// (or through the general page) need a proof of work right now (DONATE_CHALLENGE, abnormal load)?
// The same ALTCHA challenge as the sign form's (docs/decisions/0013), checked by requestDonation.
import { getTranslator } from "~/i18n/catalog.server";
import { getRequestLocale } from "~/i18n/locale.server";
import { isLocale } from "~/i18n/locales";
import { windowStart } from "~/models/abuse.server";
import { DONATE_CHALLENGE, DONATE_LIMITS, donateKeys, liveCampaign } from "~/models/donation.server";
import { createSignChallenge, type SignChallenge } from "~/services/proof-of-work.server";
import { paymentsEnabled } from "~/services/stripe.server";
import { getPrisma } from "~/utils/db.server";

/**
 * Whether the next donation from this network to this campaign must carry a solved challenge:
 * reads the counters requestDonation hits, counting nothing.
 */
export async function donatingNeedsChallenge(
  campaignId: string | null,
  ipHash: string,
  now = Date.now(),
): Promise<boolean> {
  const keys = donateKeys(campaignId, ipHash);
  const rows = await getPrisma().$queryRaw<{ key: string; count: number }[]>`
    SELECT key, count FROM rate_limit_counters
    WHERE (key = ${keys.ip} AND window_start = ${windowStart(DONATE_LIMITS.windowSeconds, now)})
      OR (key = ${keys.campaign} AND window_start = ${windowStart(DONATE_LIMITS.campaignWindowSeconds, now)})
      OR (key = ${keys.alarm} AND window_start > ${new Date(now)})`;
  const count = (key: string) => rows.find((row) => row.key === key)?.count ?? 0;
  return (
    count(keys.alarm) > 0 ||
    count(keys.ip) >= DONATE_CHALLENGE.perIp ||
    count(keys.campaign) >= DONATE_CHALLENGE.perCampaign
  );
}

/**
 * For the donate form (`?campaign=<slug>`, none for the general page): a fresh challenge when one
 * is needed now, else null, and the line to show while the browser solves it (in `?locale=`, else
 * the browser's language). Null when payments are off or there is no such live campaign.
 */
export async function donateChallengeFor(
  request: Request,
  ipHash: string,
): Promise<{ challenge: SignChallenge | null; waitMessage: string } | null> {
  if (!paymentsEnabled()) return null;
  const params = new URL(request.url).searchParams;
  const asked = params.get("locale");
  const locale = isLocale(asked) ? asked : getRequestLocale(request);
  const slug = params.get("campaign") ?? "";
  const campaign = slug ? await liveCampaign(slug.slice(0, 200), locale) : null;
  if (slug && !campaign) return null;
  const needed = await donatingNeedsChallenge(campaign?.id ?? null, ipHash);
  return {
    challenge: needed ? await createSignChallenge() : null,
    waitMessage: getTranslator(locale)("donate.challengeWorking"),
  };
}
