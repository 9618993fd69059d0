import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "~/i18n/hooks";
import {
  assertSimulatedPayments,
  cancelInSimulatedPortal,
  findSimulatedPortal,
} from "~/models/simulated-checkout.server";
import { getEnv } from "~/utils/env.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { formatStripeAmount } from "~/utils/money";

// The simulated Stripe customer portal of local mode: a monthly donor cancels here as they would
// in Stripe's portal. Not found whenever payments are real or off.
export const handle: PageHandle = {};

const CancelSchema = z.object({ subscription: z.string().regex(/^sub_[A-Za-z0-9]{1,64}$/) });
const NO_STORE = { "Cache-Control": "no-store" };

function sameSitePath(target: string | null): string {
  if (!target || !URL.canParse(target)) return "/";
  const url = new URL(target);
  return url.origin === new URL(getEnv().APP_URL).origin ? `${url.pathname}${url.search}` : "/";
}

function loadPortal(id: string | undefined) {
  assertSimulatedPayments();
  const portal = id ? findSimulatedPortal(id) : null;
  if (!portal) throw new Response("Not Found", { status: 404 });
  return portal;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const portal = loadPortal(params.id);
  return data({ ...portal, returnUrl: sameSitePath(portal.returnUrl) }, { headers: NO_STORE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const portal = loadPortal(params.id);
  const parsed = CancelSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success || !(await cancelInSimulatedPortal(portal.id, parsed.data.subscription))) {
    return data({ problem: "devCheckout.notPossible" as const }, { status: 400, headers: NO_STORE });
  }
  return redirect(`/dev/billing-portal/${portal.id}`);
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "devCheckout.portalTitle"),
  { name: "robots", content: "noindex" },
];

export default function SimulatedPortal() {
  const portal = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t, locale } = useTranslation();
  return (
    <div className="dev-checkout stack">
      <h1>{t("devCheckout.portalTitle")}</h1>
      <p className="demo-banner" role="note">
        <strong>{t("devCheckout.testMode")}</strong>
      </p>
      {acted?.problem ? (
        <p className="form-error" role="alert">
          {t(acted.problem)}
        </p>
      ) : null}
      {portal.subscriptions.length === 0 ? <p>{t("devCheckout.portalNone")}</p> : null}
      <ul className="dev-checkout__gifts stack">
        {portal.subscriptions.map((subscription) => (
          <li key={subscription.id} className="notice stack">
            <span>
              {t("devCheckout.portalGift", {
                amount: formatStripeAmount(subscription.amount, subscription.currency, locale),
              })}
            </span>
            {subscription.status === "canceled" ? (
              <span>{t("devCheckout.portalCanceled")}</span>
            ) : (
              <Form method="post">
                <input type="hidden" name="subscription" value={subscription.id} />
                <button type="submit" className="button button--secondary">
                  {t("devCheckout.portalCancel")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href={portal.returnUrl}>{t("devCheckout.continue")}</a>
      </p>
    </div>
  );
}
