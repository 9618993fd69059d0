import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getMessages } from "~/i18n/catalog.server";
import { PublicLanguage, useTranslation } from "~/i18n/hooks";
import { isLocale } from "~/i18n/locales";
import { getRequestLocale } from "~/i18n/locale.server";
import {
  actOnSimulatedCheckout,
  assertSimulatedPayments,
  findSimulatedCheckout,
} from "~/models/simulated-checkout.server";
import { StripeStandInError } from "~/services/stripe-stand-in/errors";
import { getEnv } from "~/utils/env.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { formatStripeAmount } from "~/utils/money";

// The simulated Stripe Checkout of local mode (no Stripe keys): plain forms, no JavaScript, and
// not found whenever payments are real or off.
export const handle: PageHandle = {};

const ActSchema = z.object({
  act: z.enum(["pay-card", "pay-delayed", "fail", "cancel", "settle-paid", "settle-failed"]),
});

const NO_STORE = { "Cache-Control": "no-store" };

/** Only back to our own site: the session's URLs came from our app, but a redirect checks anyway. */
function sameSiteUrl(target: string | null): string {
  const appUrl = new URL(getEnv().APP_URL);
  if (!target || !URL.canParse(target)) return "/";
  const url = new URL(target);
  return url.origin === appUrl.origin ? `${url.pathname}${url.search}${url.hash}` : "/";
}

function loadCheckout(id: string | undefined) {
  assertSimulatedPayments();
  const checkout = id ? findSimulatedCheckout(id) : null;
  if (!checkout) throw new Response("Not Found", { status: 404 });
  return checkout;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const checkout = loadCheckout(params.id);
  // Stripe shows its page in the session's language (the donor's page's), whatever the browser
  // asks for; this unprefixed page would otherwise follow Accept-Language.
  const locale = isLocale(checkout.locale) ? checkout.locale : getRequestLocale(request);
  return data(
    {
      ...checkout,
      successUrl: sameSiteUrl(checkout.successUrl),
      cancelUrl: sameSiteUrl(checkout.cancelUrl),
      locale,
      messages: getMessages(locale),
    },
    { headers: NO_STORE },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const checkout = loadCheckout(params.id);
  const parsed = ActSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return data({ problem: "devCheckout.notPossible" as const }, { status: 400, headers: NO_STORE });
  const { act } = parsed.data;
  // Going back changes nothing: the session stays open, as on Stripe's page.
  if (act === "cancel") return redirect(sameSiteUrl(checkout.cancelUrl));
  try {
    await actOnSimulatedCheckout(checkout.id, act);
  } catch (error) {
    if (!(error instanceof StripeStandInError)) throw error;
    return data({ problem: "devCheckout.notPossible" as const }, { status: 409, headers: NO_STORE });
  }
  if (act === "fail") return data({ problem: "devCheckout.failed" as const }, { headers: NO_STORE });
  if (act === "settle-paid" || act === "settle-failed") {
    return redirect(`/dev/checkout/${checkout.id}?settled=${act === "settle-paid" ? "paid" : "failed"}`);
  }
  return redirect(sameSiteUrl(checkout.successUrl));
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "devCheckout.title"),
  { name: "robots", content: "noindex" },
];

function ActButton({ act, label, primary }: { act: string; label: string; primary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="act" value={act} />
      <button type="submit" className={primary ? "button" : "button button--secondary"}>
        {label}
      </button>
    </Form>
  );
}

export default function SimulatedCheckout() {
  const { locale, messages } = useLoaderData<typeof loader>();
  return (
    <div lang={locale}>
      <PublicLanguage value={{ locale, messages }}>
        <CheckoutPage />
      </PublicLanguage>
    </div>
  );
}

function CheckoutPage() {
  const checkout = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, locale } = useTranslation();
  const settled = search.get("settled");
  const offerDelayed = checkout.mode === "payment" && checkout.delayedMethod !== null;
  return (
    <div className="dev-checkout stack">
      <h1>{t("devCheckout.title")}</h1>
      <p className="demo-banner" role="note">
        <strong>{t("devCheckout.testMode")}</strong>
      </p>
      <p>{t("devCheckout.explain")}</p>
      <section aria-labelledby="dev-checkout-summary" className="notice">
        <h2 id="dev-checkout-summary">{t("devCheckout.summaryHeading")}</h2>
        <dl className="dev-checkout__summary">
          <dt>{t("devCheckout.description")}</dt>
          <dd>{checkout.productName}</dd>
          <dt>{t("devCheckout.amount")}</dt>
          <dd data-testid="amount">{formatStripeAmount(checkout.amount, checkout.currency, locale)}</dd>
          <dt>{t("devCheckout.currency")}</dt>
          <dd>{checkout.currency}</dd>
          <dt>{t("devCheckout.frequency")}</dt>
          <dd>{t(checkout.mode === "subscription" ? "devCheckout.monthly" : "devCheckout.once")}</dd>
          <dt>{t("devCheckout.methods")}</dt>
          <dd>{checkout.paymentMethods.join(", ")}</dd>
        </dl>
      </section>
      {acted?.problem ? (
        <p className="form-error" role="alert">
          {t(acted.problem)}
        </p>
      ) : null}
      {settled === "paid" || settled === "failed" ? (
        <p role="status">{t(settled === "paid" ? "devCheckout.settledPaid" : "devCheckout.settledFailed")}</p>
      ) : null}
      {checkout.status === "open" ? (
        <section aria-labelledby="dev-checkout-actions" className="stack">
          <h2 id="dev-checkout-actions">{t("devCheckout.actionsHeading")}</h2>
          <ActButton act="pay-card" label={t("devCheckout.payCard")} primary />
          {offerDelayed ? <ActButton act="pay-delayed" label={t("devCheckout.payDelayed")} /> : null}
          <ActButton act="fail" label={t("devCheckout.fail")} />
          <ActButton act="cancel" label={t("devCheckout.cancel")} />
        </section>
      ) : null}
      {checkout.awaitingSettlement ? (
        <section aria-labelledby="dev-checkout-settle" className="stack">
          <h2 id="dev-checkout-settle">{t("devCheckout.awaiting")}</h2>
          <ActButton act="settle-paid" label={t("devCheckout.settlePaid")} primary />
          <ActButton act="settle-failed" label={t("devCheckout.settleFailed")} />
        </section>
      ) : null}
      {checkout.status === "complete" && !checkout.awaitingSettlement ? (
        <p>{t("devCheckout.complete")}</p>
      ) : null}
      {checkout.status === "expired" ? <p>{t("devCheckout.expired")}</p> : null}
      {checkout.status === "complete" ? (
        <p>
          <a href={checkout.successUrl}>{t("devCheckout.continue")}</a>
        </p>
      ) : null}
    </div>
  );
}
