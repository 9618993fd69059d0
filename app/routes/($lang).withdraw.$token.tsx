import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertLangParam } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { withdrawSignature } from "~/models/signature.server";
import { pageMeta } from "~/utils/meta";
import { readWithdrawalToken } from "~/utils/signature-tokens.server";

// As with confirming, only the POST from the button withdraws; following the link does not.
const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export async function loader({ params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const valid = readWithdrawalToken(params.token ?? "") !== null;
  return data({ state: valid ? "ready" : "invalid" }, { status: valid ? 200 : 400, headers: NO_STORE });
}

export async function action({ params }: ActionFunctionArgs) {
  assertLangParam(params);
  const signatureId = readWithdrawalToken(params.token ?? "");
  const outcome = signatureId ? await withdrawSignature(signatureId) : "invalid";
  const state = outcome === "invalid" ? "invalid" : "done";
  return data({ state }, { status: state === "invalid" ? 400 : 200, headers: NO_STORE });
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "withdraw.title"),
  { name: "robots", content: "noindex" },
];

export default function Withdraw() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted?.state ?? loaded.state;
  const { t } = useTranslation();
  return (
    <div className="prose">
      <h1>{t("withdraw.title")}</h1>
      {state === "invalid" ? <p>{t("withdraw.invalidBody")}</p> : null}
      {state === "done" ? <p role="status">{t("withdraw.done")}</p> : null}
      {state === "ready" ? (
        <Form method="post" className="stack">
          <p>{t("withdraw.body")}</p>
          <button type="submit" className="button">
            {t("withdraw.button")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
