import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { samePrefixAs } from "~/i18n/locales";
import { useTranslation } from "~/i18n/hooks";
import { countryNames } from "~/models/country.server";
import { confirmSignature, describeConfirmationLink } from "~/models/signature.server";
import { renewConfirmation } from "~/models/signing.server";
import { pageMeta } from "~/utils/meta";

// Mail scanners follow every GET link in an email, so a GET here never confirms: it shows a
// button, and only the POST it sends confirms.

type PageState = "ready" | "expired" | "invalid" | "resent";
const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

// The page shows what the campaign page will show once the button is pressed: the details of
// this link's submission, which may differ from another one made with the same address.
export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const link = await describeConfirmationLink(params.token ?? "");
  if (link.state === "confirmed") {
    throw redirect(thanksPath(request, link.campaignSlug, true), { headers: NO_STORE });
  }
  const shown =
    link.state === "ready"
      ? {
          name: link.name,
          country: link.countryIso3
            ? ((await countryNames([link.countryIso3], getRequestLocale(request)))[link.countryIso3] ?? null)
            : null,
        }
      : null;
  const state: PageState = link.state;
  return data({ state, shown }, { status: state === "invalid" ? 400 : 200, headers: NO_STORE });
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
    const sent = await renewConfirmation(token);
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
        {loaded.shown ? (
          <p>
            {t("confirm.publicAs", {
              line: [loaded.shown.name ?? t("campaign.anonymousSigner"), loaded.shown.country]
                .filter(Boolean)
                .join(" · "),
            })}
          </p>
        ) : null}
        <button type="submit" name="intent" value="confirm" className="button">
          {t("confirm.button")}
        </button>
      </Form>
    </div>
  );
}
