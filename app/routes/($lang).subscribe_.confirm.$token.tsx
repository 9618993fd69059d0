import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { preferencesPath } from "~/models/preferences.server";
import { confirmSubscription, describeSubscribeLink } from "~/models/subscribe-confirmation.server";
import { pageMeta } from "~/utils/meta";

// Mail scanners follow every GET link in an email, so a GET here never subscribes: it shows what
// the request asked for and a button, and only the POST it sends confirms (as for signatures).

const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

type Page =
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "ready"; topics: { value: string; title: string | null }[] }
  | { state: "confirmed"; preferences: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const link = await describeSubscribeLink(params.token ?? "", getRequestLocale(request));
  const page: Page =
    link.state === "ready"
      ? { state: "ready", topics: link.topics.map(({ value, title }) => ({ value, title })) }
      : link.state === "confirmed"
        ? { state: "confirmed", preferences: preferencesPath(link.subscriberId) }
        : link.state === "expired"
          ? { state: "expired" }
          : { state: "invalid" };
  return data(page, { status: page.state === "invalid" ? 400 : 200, headers: NO_STORE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  await request.formData().catch(() => null);
  const result = await confirmSubscription(params.token ?? "", context.ipHash);
  const page: Page =
    result.outcome === "confirmed" || result.outcome === "already-confirmed"
      ? { state: "confirmed", preferences: preferencesPath(result.subscriberId) }
      : result.outcome === "expired"
        ? { state: "expired" }
        : { state: "invalid" };
  return data(page, { status: page.state === "invalid" ? 400 : 200, headers: NO_STORE });
}

export const headers: HeadersFunction = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "subscribe.confirmTitle"),
  { name: "robots", content: "noindex" },
];

export default function ConfirmSubscription() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const page = (acted ?? loaded) as Page;
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  if (page.state === "invalid") {
    return (
      <div className="prose">
        <h1>{t("subscribe.invalidTitle")}</h1>
        <p>{t("subscribe.invalidBody")}</p>
      </div>
    );
  }
  if (page.state === "expired") {
    return (
      <div className="prose">
        <h1>{t("subscribe.expiredTitle")}</h1>
        <p>{t("subscribe.expiredBody")}</p>
        <p>
          <Link to={localized("/subscribe")}>{t("subscribe.again")}</Link>
        </p>
      </div>
    );
  }
  if (page.state === "confirmed") {
    return (
      <div className="prose">
        <h1>{t("subscribe.doneTitle")}</h1>
        <p role="status">{t("subscribe.doneBody")}</p>
        <p>
          <Link to={localized(page.preferences)}>{t("subscribe.managePreferences")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="prose">
      <h1>{t("subscribe.confirmTitle")}</h1>
      <Form method="post" className="stack">
        <p>{t("subscribe.confirmBody")}</p>
        <ul>
          {page.topics.map((topic) => (
            <li key={topic.value}>{topic.title ?? t("subscribe.generalList")}</li>
          ))}
        </ul>
        <button type="submit" name="intent" value="confirm" className="button">
          {t("subscribe.confirmButton")}
        </button>
      </Form>
    </div>
  );
}
