import { getTranslator } from "~/i18n/catalog.server";
import { getRequestLocale } from "~/i18n/locale.server";
import { isLocale } from "~/i18n/locales";
import { signingNeedsChallenge } from "~/models/abuse.server";
import { findLiveCampaignForSigning } from "~/models/campaign.server";
import { createSignChallenge, type SignChallenge } from "~/services/proof-of-work.server";

/**
 * For the sign form: a challenge when signing this campaign from this address needs one now, and
 * what to show the signer while it is solved (in `?locale=`, else the browser's language). Null
 * when there is no live campaign of that name.
 */
export async function signChallengeFor(
  request: Request,
  slug: string,
  ipHash: string,
): Promise<{ challenge: SignChallenge | null; waitMessage: string } | null> {
  const campaign = await findLiveCampaignForSigning(slug);
  if (!campaign) return null;
  const asked = new URL(request.url).searchParams.get("locale");
  const t = getTranslator(isLocale(asked) ? asked : getRequestLocale(request));
  const needed = await signingNeedsChallenge(campaign.id, ipHash);
  return { challenge: needed ? await createSignChallenge() : null, waitMessage: t("sign.challengeWorking") };
}
