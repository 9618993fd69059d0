import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { findSubscriptionForUnsubscribe, unsubscribe } from "~/models/subscription.server";
import type { loader as rootLoader } from "~/root";
import { pageMeta } from "~/utils/meta";
import { readUnsubscribeToken } from "~/utils/unsubscribe-token.server";

// One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to this URL
// with no cookie and no login, and it takes effect at once. A GET (a person following the link,
// or a mail scanner) only shows a page with a button: it never unsubscribes by itself.

type PageState = { state: "invalid" } | { state: "ready" | "already" | "done"; listName: string | null };

async function resolve(request: Request, params: LoaderFunctionArgs["params"]) {
  assertLangParam(params);
  const subscriptionId = readUnsubscribeToken(params.token ?? "");
  const subscription = subscriptionId
    ? await findSubscriptionForUnsubscribe(subscriptionId, getRequestLocale(request))
    : null;
  return subscriptionId && subscription ? { subscriptionId, ...subscription } : null;
}

const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await resolve(request, params);
  if (!found) return data<PageState>({ state: "invalid" }, { status: 400, headers: NO_STORE });
  const state = found.unsubscribed ? "already" : "ready";
  return data<PageState>({ state, listName: found.listName }, { headers: NO_STORE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const found = await resolve(request, params);
  if (!found) return data<PageState>({ state: "invalid" }, { status: 400, headers: NO_STORE });
  const form = await request.formData().catch(() => new FormData());
  const source = form.get("List-Unsubscribe") === "One-Click" ? "one-click" : "unsubscribe-page";
  await unsubscribe(found.subscriptionId, source);
  return data<PageState>({ state: "done", listName: found.listName }, { headers: NO_STORE });
}

export const headers: HeadersFunction = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "unsubscribe.title"),
  { name: "robots", content: "noindex" },
];

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const page = acted ?? loaded;
  const { t } = useTranslation();
  const contact = useRouteLoaderData<typeof rootLoader>("root")?.org.contactEmail ?? "";

  if (page.state === "invalid") {
    return (
      <>
        <h1>{t("unsubscribe.invalidTitle")}</h1>
        <p>{t("unsubscribe.invalidBody", { email: contact })}</p>
      </>
    );
  }
  const listName = page.listName;
  const text = (named: Parameters<typeof t>[0], generic: Parameters<typeof t>[0]) =>
    listName ? t(named, { listName }) : t(generic);
  return (
    <>
      <h1>{t("unsubscribe.title")}</h1>
      {page.state === "ready" ? (
        <Form method="post" className="stack">
          <p>{text("unsubscribe.question", "unsubscribe.questionGeneric")}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      ) : (
        <p role="status">
          {page.state === "done"
            ? text("unsubscribe.done", "unsubscribe.doneGeneric")
            : text("unsubscribe.already", "unsubscribe.alreadyGeneric")}
        </p>
      )}
    </>
  );
}
