import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CampaignArticle } from "~/components/campaign-article";
import { DonateLink } from "~/components/donate/donate-link";
import { TargetVoteRecords } from "~/components/campaign/target-vote-records";
import { SubscribeBox } from "~/components/subscribe-box";
import { subscribeFormToken } from "~/models/subscribe.server";
import { paymentsEnabled } from "~/services/stripe.server";
import { campaignPageAction, campaignPageLoader } from "~/server/campaign-page-route.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// The same page for every reader, counts and form token included, rendered once a second at most
// (docs/decisions/0016); counts are live at /api/campaigns/:slug. The HTTP side is in
// campaign-page-route.server.ts.
export const loader = async ({ request, params }: LoaderFunctionArgs) => ({
  ...(await campaignPageLoader(request, params)),
  subscribeShown: subscribeFormToken(),
  donations: paymentsEnabled(),
});

export const handle: PageHandle = { shared: true, scripts: ["sign-form"] };

// Valid sign posts are usually answered before Remix (docs/decisions/0012); this action sees the
// rest (field errors, closed campaigns: 409 and "signing has closed") and any post the fast path did not read.
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  campaignPageAction(request, params, context);

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

// Title and link-preview tags come ready-made from the loader (see campaign-page.server.ts).
export const meta: MetaFunction<typeof loader> = (args) => args.data?.meta ?? pageMeta(args, "home.title");

export default function CampaignPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = actionData && "closed" in actionData;
  return (
    <>
      <CampaignArticle
        page={page}
        values={actionData && "values" in actionData ? actionData.values : undefined}
        errors={actionData && "errors" in actionData ? actionData.errors : undefined}
        refusedAsClosed={refused}
        donateLink={
          page.donations && page.campaign.signingOpen ? <DonateLink slug={page.campaign.slug} /> : null
        }
      />
      <TargetVoteRecords records={page.voteRecords} targets={page.campaign.targets} />
      <SubscribeBox formShown={page.subscribeShown} />
    </>
  );
}
