import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { SubscribeForm } from "~/components/subscribe-form";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { loadSubscribePage, requestSubscription } from "~/models/subscribe.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// The same page for every reader of a language, form token included (docs/decisions/0016). A post
// answers "check your inbox" whatever the address and whatever was done with it, so nobody learns
// from it whether an address is subscribed.
export const handle: PageHandle = { shared: true };

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  return loadSubscribePage(getRequestLocale(request));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  const form = await request.formData();
  const result = await requestSubscription(form, context, new URL(request.url).pathname);
  if (!result.ok) {
    return data(
      { sent: false as const, errors: result.errors, values: result.values },
      { status: 400, headers: NO_STORE },
    );
  }
  return data({ sent: true as const }, { headers: NO_STORE });
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "subscribe.title");

export default function SubscribePage() {
  const page = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (acted?.sent) {
    return (
      <div className="prose">
        <h1>{t("subscribe.checkTitle")}</h1>
        <p>{t("subscribe.checkBody")}</p>
        <p>{t("subscribe.checkSpam")}</p>
      </div>
    );
  }
  return (
    <>
      <h1>{t("subscribe.title")}</h1>
      <p className="lead">{t("subscribe.intro")}</p>
      <SubscribeForm
        topics={page.topics}
        countries={page.countries}
        formShown={page.formShown}
        source={pathname}
        values={acted?.values}
        errors={acted?.errors}
      />
    </>
  );
}
