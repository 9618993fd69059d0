import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SubscribeBox } from "~/components/subscribe-box";
import { TargetList } from "~/components/target-list";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { councilYear, listPublicCampaigns } from "~/models/campaign.server";
import { subscribeFormToken } from "~/models/subscribe.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

export const handle: PageHandle = { shared: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const year = councilYear();
  const campaigns = await listPublicCampaigns(getRequestLocale(request), year);
  return { campaigns, year, subscribeShown: subscribeFormToken() };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "home.title");

export default function Home() {
  const { campaigns, year, subscribeShown } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      {campaigns.length === 0 ? <p>{t("home.empty")}</p> : null}
      <ul className="campaign-list">
        {campaigns.map((campaign) => (
          <li key={campaign.slug} className="campaign-card" lang={campaign.textLocale}>
            <h2>
              <Link to={localized(`/campaigns/${campaign.slug}`)}>{campaign.title}</Link>
            </h2>
            <p>{campaign.summary}</p>
            <TargetList targets={campaign.targets} year={year} />
          </li>
        ))}
      </ul>
      {/* The UN's record (issue 11): there is no site menu, so the home page is where readers find it. */}
      <section aria-labelledby="un-record-heading">
        <h2 id="un-record-heading">{t("votes.homeHeading")}</h2>
        <p>{t("votes.homeIntro")}</p>
        <ul>
          <li>
            <Link to={localized("/votes")}>{t("votes.homeVotesLink")}</Link>
          </li>
          <li>
            <Link to={localized("/council")}>{t("votes.councilLink")}</Link>
          </li>
        </ul>
      </section>
      <SubscribeBox formShown={subscribeShown} />
    </>
  );
}
