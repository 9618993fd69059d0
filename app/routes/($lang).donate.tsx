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

// The same page for every reader of a language, form token included (docs/decisions/0016); the
// small script keeps the preset amounts in step with the currency and, under abnormal load, solves
// the proof of work (docs/decisions/0013); the form works without it.
export const handle: PageHandle = { shared: true, scripts: ["donate-form"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: donateStylesheet }];

export const loader = ({ request, params }: LoaderFunctionArgs) => donatePageLoader(request, params, null);

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  donatePageAction(request, params, context, null);

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "donate.title");

export default function Donate() {
  const page = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <DonatePage page={page} acted={acted} />;
}
