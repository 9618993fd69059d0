import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { ShareLinks } from "~/components/share-links";
import { useTranslation } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { findPublicCampaign } from "~/models/campaign.server";
import { pageMeta } from "~/utils/meta";
import { campaignUrl } from "~/utils/public-url.server";
import type { PageHandle } from "~/utils/page-handle";

export const handle: PageHandle = { shared: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { title: campaign.title, shareUrl: campaignUrl(locale, campaign.slug) };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "thanks.title");

export default function Thanks() {
  const { title, shareUrl } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <div className="prose">
      <h1>{t("thanks.title")}</h1>
      <p role="status">{t(params.get("already") ? "thanks.already" : "thanks.body")}</p>
      <h2>{t("thanks.shareHeading")}</h2>
      <ShareLinks url={shareUrl} title={title} />
      <p className="notice">{t("thanks.donate")}</p>
    </div>
  );
}
