import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SubscribeBotFields } from "~/components/subscribe-form";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import {
  donorManageFormToken,
  MANAGE_LINK_MINUTES,
  requestDonorManageLink,
} from "~/models/donor-manage.server";
import { paymentsEnabled } from "~/services/stripe.server";
import type { DonorManageFormErrors, DonorManageFormValues } from "~/utils/donor-manage-form";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// Where a monthly donor asks for a link to Stripe's portal. The same page for every reader of a
// language, form token included (docs/decisions/0016). A post answers "if this address gave, we
// sent a link" whatever the address and whatever was done, so nobody learns who gives.
export const handle: PageHandle = { shared: true };

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ params }: LoaderFunctionArgs) {
  assertLangParam(params);
  if (!paymentsEnabled()) throw new Response("Not Found", { status: 404 });
  return { formShown: donorManageFormToken(), minutes: MANAGE_LINK_MINUTES };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  if (!paymentsEnabled()) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const result = await requestDonorManageLink(form, context, getRequestLocale(request));
  if (!result.ok) {
    return data(
      { sent: false as const, errors: result.errors, values: result.values },
      { status: 400, headers: NO_STORE },
    );
  }
  return data({ sent: true as const }, { headers: NO_STORE });
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "donateManage.title");

export default function DonorManagePage() {
  const { formShown, minutes } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  if (acted?.sent) {
    return (
      <div className="prose">
        <h1>{t("donateManage.sentTitle")}</h1>
        <p role="status">{t("donateManage.sentBody", { minutes })}</p>
        <p>{t("donateManage.sentSpam")}</p>
      </div>
    );
  }
  const errors: DonorManageFormErrors = acted?.errors ?? {};
  const values: DonorManageFormValues = acted?.values ?? {};
  return (
    <>
      <h1>{t("donateManage.title")}</h1>
      <p className="lead">{t("donateManage.intro", { minutes })}</p>
      <p>{t("donateManage.why")}</p>
      <Form method="post" reloadDocument className="sign-form" noValidate>
        {Object.keys(errors).length > 0 ? (
          <p className="form-error" role="alert">
            {t(errors.form ?? "donateManage.errorSummary")}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="manage-email">{t("donateManage.email")}</label>
          <input
            id="manage-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "manage-email-error" : undefined}
          />
          {errors.email ? (
            <p id="manage-email-error" className="field-error">
              {t(errors.email)}
            </p>
          ) : null}
        </div>
        <SubscribeBotFields formShown={formShown} idPrefix="manage" />
        <button type="submit" className="button">
          {t("donateManage.submit")}
        </button>
      </Form>
    </>
  );
}
