import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertLangParam } from "~/i18n/locale.server";
import { samePrefixAs } from "~/i18n/locales";
import { useTranslation } from "~/i18n/hooks";
import {
  confirmSignature,
  findSignatureByConfirmationToken,
  resendConfirmation,
} from "~/models/signature.server";
import { pageMeta } from "~/utils/meta";

// Mail scanners follow every GET link in an email, so a GET here never confirms: it shows a
// button, and only the POST it sends confirms.

type PageState = "ready" | "expired" | "invalid" | "resent";
const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const signature = await findSignatureByConfirmationToken(params.token ?? "");
  let state: PageState = "invalid";
  if (signature?.status === "pending") {
    state = signature.tokenExpiresAt && signature.tokenExpiresAt > new Date() ? "ready" : "expired";
  } else if (signature?.status === "confirmed") {
    throw redirect(thanksPath(request, signature.campaign.slug, true), { headers: NO_STORE });
  }
  return data({ state }, { status: state === "invalid" ? 400 : 200, headers: NO_STORE });
}

function thanksPath(request: Request, slug: string, already: boolean) {
  return samePrefixAs(
    new URL(request.url).pathname,
    `/campaigns/${slug}/thanks${already ? "?already=1" : ""}`,
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertLangParam(params);
  const token = params.token ?? "";
  const form = await request.formData();
  if (form.get("intent") === "resend") {
    const sent = await resendConfirmation(token);
    return data(
      { state: (sent ? "resent" : "invalid") as PageState },
      { status: sent ? 200 : 400, headers: NO_STORE },
    );
  }
  const result = await confirmSignature(token);
  if (result.outcome === "confirmed" || result.outcome === "already-confirmed") {
    return redirect(thanksPath(request, result.campaignSlug, result.outcome === "already-confirmed"), {
      headers: NO_STORE,
    });
  }
  return data(
    { state: result.outcome as PageState },
    { status: result.outcome === "invalid" ? 400 : 200, headers: NO_STORE },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "confirm.title"),
  { name: "robots", content: "noindex" },
];

export default function ConfirmSignature() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted?.state ?? loaded.state;
  const { t } = useTranslation();
  if (state === "invalid") {
    return (
      <div className="prose">
        <h1>{t("confirm.invalidTitle")}</h1>
        <p>{t("confirm.invalidBody")}</p>
      </div>
    );
  }
  if (state === "expired" || state === "resent") {
    return (
      <div className="prose">
        <h1>{t("confirm.expiredTitle")}</h1>
        {state === "resent" ? (
          <p role="status">{t("confirm.resent")}</p>
        ) : (
          <Form method="post" className="stack">
            <p>{t("confirm.expiredBody")}</p>
            <button type="submit" name="intent" value="resend" className="button">
              {t("confirm.resend")}
            </button>
          </Form>
        )}
      </div>
    );
  }
  return (
    <div className="prose">
      <h1>{t("confirm.title")}</h1>
      <Form method="post" className="stack">
        <p>{t("confirm.body")}</p>
        <button type="submit" name="intent" value="confirm" className="button">
          {t("confirm.button")}
        </button>
      </Form>
    </div>
  );
}
