import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/translate";
import { findDonationForThanks } from "~/models/donation.server";
import { pageMeta } from "~/utils/meta";
import { formatMoney } from "~/utils/money";

// Where Stripe sends the donor after paying (the Checkout Session's success_url, with its id). It
// only reads what the webhook has recorded, never marks a gift paid itself: until the webhook
// arrives the gift shows as pending, and the page reloads itself a while (no JavaScript). Each
// donor's own page: not shared, not stored.
const NO_STORE = { "Cache-Control": "no-store" };
const REFRESH_SECONDS = 5;
// Three minutes: a card is confirmed in seconds, and after that the page says the receipt will
// come by email rather than reload for ever.
const MAX_REFRESHES = 36;
// Methods paid later, away from the checkout (konbini: days later, at a shop). Such a gift is
// pending until Stripe says it was paid; the page explains that instead of reloading.
const PAID_LATER_METHODS = ["konbini"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const url = new URL(request.url);
  // The model finds nothing for anything but a Checkout Session id, without asking the database.
  const sessionId = url.searchParams.get("session_id") ?? "";
  const donation = await findDonationForThanks(sessionId);
  if (!donation) return data({ found: false as const }, { status: 404, headers: NO_STORE });
  const refreshes = Math.max(
    0,
    Math.min(Number.parseInt(url.searchParams.get("refresh") ?? "", 10) || 0, MAX_REFRESHES),
  );
  const paidLater = PAID_LATER_METHODS.includes(donation.paymentMethodType ?? "");
  const waiting = donation.status === "pending" && !paidLater && refreshes < MAX_REFRESHES;
  const again = new URLSearchParams({ session_id: sessionId, refresh: String(refreshes + 1) });
  return data(
    {
      found: true as const,
      status: donation.status,
      kind: donation.kind,
      amount: formatMoney(donation.amount, donation.currency, getRequestLocale(request)),
      campaignSlug: donation.campaignSlug,
      // Paid later, at a shop: the page explains that and stops reloading.
      paidLater,
      // Until a webhook says how the donor paid, the page mentions methods paid later.
      methodKnown: donation.paymentMethodType !== null,
      refreshUrl: waiting ? `${url.pathname}?${again}` : null,
    },
    { headers: NO_STORE },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

type Page = Awaited<ReturnType<typeof loader>>["data"];

function titleKey(page: Page): MessageKey {
  if (!page.found) return "donate.thanks.unknownTitle";
  return (
    {
      pending: "donate.thanks.pendingTitle",
      succeeded: "donate.thanks.title",
      failed: "donate.thanks.failedTitle",
      canceled: "donate.thanks.canceledTitle",
      refunded: "donate.thanks.refundedTitle",
    } as const
  )[page.status];
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const page = args.data;
  if (!page) return pageMeta(args, "donate.thanks.unknownTitle");
  const refresh =
    page.found && page.refreshUrl
      ? [{ httpEquiv: "refresh", content: `${REFRESH_SECONDS}; url=${page.refreshUrl}` }]
      : [];
  return [...pageMeta(args, titleKey(page)), ...refresh];
};

export default function DonateThanks() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  const donatePath = localized(
    page.found && page.campaignSlug ? `/campaigns/${page.campaignSlug}/donate` : "/donate",
  );
  const again = (
    <p>
      <Link to={donatePath}>{t("donate.again")}</Link>
    </p>
  );
  if (!page.found) {
    return (
      <div className="prose">
        <h1>{t(titleKey(page))}</h1>
        <p>{t("donate.thanks.unknownBody")}</p>
        {again}
      </div>
    );
  }
  const { status, amount, campaignSlug } = page;
  const backToCampaign = campaignSlug ? (
    <p>
      <Link to={localized(`/campaigns/${campaignSlug}`)}>{t("donate.thanks.backToCampaign")}</Link>
    </p>
  ) : null;
  let body;
  if (status === "pending" && page.paidLater) {
    body = <p role="status">{t("donate.thanks.konbiniBody", { amount })}</p>;
  } else if (status === "pending") {
    body = (
      <>
        <p role="status">
          {t(page.refreshUrl ? "donate.thanks.pendingBody" : "donate.thanks.pendingSlow", { amount })}
        </p>
        {page.methodKnown ? null : <p>{t("donate.thanks.pendingDelayed")}</p>}
      </>
    );
  } else if (status === "succeeded") {
    body = (
      <p role="status">
        {t(page.kind === "monthly" ? "donate.thanks.monthly" : "donate.thanks.once", { amount })}
      </p>
    );
  } else if (status === "refunded") {
    body = <p>{t("donate.thanks.refundedBody")}</p>;
  } else {
    body = (
      <>
        <p>{t(status === "failed" ? "donate.thanks.failedBody" : "donate.thanks.canceledBody")}</p>
        {again}
      </>
    );
  }
  return (
    <div className="prose">
      <h1>{t(titleKey(page))}</h1>
      {body}
      {backToCampaign}
    </div>
  );
}
