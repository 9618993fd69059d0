import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TargetList } from "~/components/target-list";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { councilYear, findPublicCampaign } from "~/models/campaign.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const year = councilYear();
  const campaign = await findPublicCampaign(params.slug ?? "", getRequestLocale(request), year);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { campaign, year };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, { text: args.data?.campaign.title ?? "" });

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
    </>
  );
}

export default function CampaignPage() {
  const { campaign, year } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="campaign" lang={campaign.textLocale}>
      <h1>{campaign.title}</h1>
      <p className="lead">{campaign.summary}</p>
      <TargetList targets={campaign.targets} year={year} />
      <p className="campaign__goal">{t("campaign.goal", { count: campaign.signatureGoal })}</p>
      <section aria-labelledby="petition-heading">
        <h2 id="petition-heading">{t("campaign.petitionHeading")}</h2>
        <div className="petition-text">
          <Paragraphs text={campaign.petition} />
        </div>
      </section>
      {campaign.background ? (
        <section aria-labelledby="background-heading">
          <h2 id="background-heading">{t("campaign.backgroundHeading")}</h2>
          <Paragraphs text={campaign.background} />
        </section>
      ) : null}
      <p className="notice">{t("campaign.signingSoon")}</p>
    </article>
  );
}
