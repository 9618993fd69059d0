import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { SLUG_PATTERN } from "~/utils/campaign-form";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// Where Stripe sends a donor who leaves its payment page (the Checkout Session's cancel_url).
// Nothing was charged and nothing is changed here: the unpaid session expires at Stripe, and its
// webhook closes the pending gift. `?campaign=<slug>` leads back to that campaign's donate page.
export const handle: PageHandle = { shared: true };

export function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const slug = new URL(request.url).searchParams.get("campaign") ?? "";
  return { campaignSlug: SLUG_PATTERN.test(slug) && slug.length <= 100 ? slug : null };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "donate.canceled.title");

export default function DonateCanceled() {
  const { campaignSlug } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <div className="prose">
      <h1>{t("donate.canceled.title")}</h1>
      <p>{t("donate.canceled.body")}</p>
      <p>
        <Link to={localized(campaignSlug ? `/campaigns/${campaignSlug}/donate` : "/donate")}>
          {t("donate.again")}
        </Link>
      </p>
    </div>
  );
}
