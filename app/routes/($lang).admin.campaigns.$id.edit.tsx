import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CampaignEditor } from "~/components/staff/campaign-editor";
import { useLocalizedPath } from "~/i18n/hooks";
import { samePrefixAs } from "~/i18n/locales";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { councilYear } from "~/models/campaign.server";
import {
  campaignFormValues,
  getCampaignForStaff,
  listTargetChoices,
  updateCampaign,
} from "~/models/campaign-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import { readCampaignForm } from "~/utils/campaign-fields";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: campaignStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigner");
  assertLangParam(params);
  const campaign = await getCampaignForStaff(params.id ?? "");
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const locale = getRequestLocale(request);
  return {
    id: campaign.id,
    status: campaign.status,
    title: campaign.translations[campaign.sourceLocale].title || campaign.slug,
    values: campaignFormValues(campaign),
    choices: await listTargetChoices(locale),
    year: councilYear(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const { values, input } = readCampaignForm(await request.formData());
  const result = await updateCampaign(params.id ?? "", input, {
    userId: staff.user.id,
    ipHash: context.ipHash,
  });
  if (!result) throw new Response("Not Found", { status: 404 });
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return redirect(samePrefixAs(new URL(request.url).pathname, `/admin/campaigns/${result.id}?done=saved`));
}

export default function EditCampaign() {
  const { id, status, title, values, choices, year } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <p>
        <Link to={localized(`/admin/campaigns/${id}`)}>{t("staff.campaigns.form.cancel")}</Link>
      </p>
      <h1>{t("staff.campaigns.form.editTitle", { title })}</h1>
      <CampaignEditor
        mode="edit"
        status={status}
        values={actionData?.values ?? values}
        errors={actionData?.errors}
        choices={choices}
        year={year}
      />
    </>
  );
}
