import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DonatePage } from "~/components/donate/donate-page";
import { donatePageAction, donatePageLoader } from "~/server/donate-page-route.server";
import donateStylesheet from "~/styles/donate.css";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// A gift for one campaign: the general donate page with the campaign named and recorded with the
// gift. Not found for an unknown or closed campaign (docs/decisions/0016 as /donate).
export const handle: PageHandle = { shared: true, scripts: ["donate-form"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: donateStylesheet }];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  donatePageLoader(request, params, params.slug ?? "");

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  donatePageAction(request, params, context, params.slug ?? "");

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "donate.title");

export default function CampaignDonate() {
  const page = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <DonatePage page={page} acted={acted} />;
}
