import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import {
  describeManageLink,
  MANAGE_LINK_MINUTES,
  openDonorPortal,
  type ManageLink,
} from "~/models/donor-manage.server";
import { paymentsEnabled } from "~/services/stripe.server";
import { pageMeta } from "~/utils/meta";

// The single-use link from a donor's email. Mail scanners follow every GET link, so a GET only
// shows the gift and a button; the button's POST uses the link and sends the donor on to Stripe's
// portal (303), whose URL then works for whoever holds it, which is why it is never emailed.

const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

function statusOf(page: ManageLink): number {
  if (page.state === "invalid") return 400;
  if (page.state === "expired" || page.state === "used") return 410;
  return 200;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  if (!paymentsEnabled()) throw new Response("Not Found", { status: 404 });
  const page = await describeManageLink(params.token ?? "", getRequestLocale(request));
  return data({ page, minutes: MANAGE_LINK_MINUTES }, { status: statusOf(page), headers: NO_STORE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertLangParam(params);
  if (!paymentsEnabled()) throw new Response("Not Found", { status: 404 });
  const form = await request.formData().catch(() => null);
  const gift = form?.get("gift");
  const locale = getRequestLocale(request);
  const token = params.token ?? "";
  const opened = await openDonorPortal(token, typeof gift === "string" ? gift : "", locale);
  if (opened.outcome === "portal") return redirect(opened.url, { status: 303, headers: NO_STORE });
  if (opened.outcome !== "unavailable") {
    const page: ManageLink = { state: opened.outcome };
    return data(
      { page, minutes: MANAGE_LINK_MINUTES, unavailable: false },
      { status: statusOf(page), headers: NO_STORE },
    );
  }
  // Stripe failed and the link was left usable: its button again, with a notice.
  const page = await describeManageLink(token, locale);
  return data({ page, minutes: MANAGE_LINK_MINUTES, unavailable: true }, { status: 503, headers: NO_STORE });
}

export const headers: HeadersFunction = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "donateManage.link.title"),
  { name: "robots", content: "noindex" },
];

const ENDED = {
  invalid: ["donateManage.link.invalidTitle", "donateManage.link.invalidBody"],
  expired: ["donateManage.link.expiredTitle", "donateManage.link.expiredBody"],
  used: ["donateManage.link.usedTitle", "donateManage.link.usedBody"],
  none: ["donateManage.link.noneTitle", "donateManage.link.noneBody"],
} as const;

export default function DonorManageLinkPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { page, minutes } = acted ?? loaded;
  const unavailable = acted?.unavailable ?? false;
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  if (page.state !== "ready") {
    const [title, body] = ENDED[page.state];
    return (
      <div className="prose">
        <h1>{t(title)}</h1>
        <p>{t(body, { minutes })}</p>
        {page.state === "none" ? null : (
          <p>
            <Link to={localized("/donate/manage")}>{t("donateManage.link.again")}</Link>
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="prose">
      <h1>{t("donateManage.link.title")}</h1>
      {unavailable ? (
        <p className="form-error" role="alert">
          {t("donateManage.link.unavailable")}
        </p>
      ) : null}
      <p>{t("donateManage.link.intro")}</p>
      {page.gifts.map((gift) => (
        <Form key={gift.id} method="post" reloadDocument className="stack">
          <p>
            {gift.campaignTitle
              ? t("donateManage.link.giftFor", { amount: gift.amount, campaign: gift.campaignTitle })
              : t("donateManage.link.gift", { amount: gift.amount })}
          </p>
          <input type="hidden" name="gift" value={gift.id} />
          <button type="submit" className="button">
            {t("donateManage.link.open")}
          </button>
        </Form>
      ))}
    </div>
  );
}
