import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CampaignEditor } from "~/components/staff/campaign-editor";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { samePrefixAs } from "~/i18n/locales";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { councilYear } from "~/models/campaign.server";
import { createCampaign, listTargetChoices, newCampaignFormValues } from "~/models/campaign-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import { readCampaignForm } from "~/utils/campaign-fields";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: campaignStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigner");
  assertLangParam(params);
  const locale = getRequestLocale(request);
  return {
    values: newCampaignFormValues(locale),
    choices: await listTargetChoices(locale),
    year: councilYear(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const { values, input } = readCampaignForm(await request.formData());
  const result = await createCampaign(input, { userId: staff.user.id, ipHash: context.ipHash });
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return redirect(samePrefixAs(new URL(request.url).pathname, `/admin/campaigns/${result.id}?done=created`));
}

export default function NewCampaign() {
  const { values, choices, year } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  return (
    <>
      <h1>{t("staff.campaigns.form.newTitle")}</h1>
      <CampaignEditor
        mode="create"
        values={actionData?.values ?? values}
        errors={actionData?.errors}
        choices={choices}
        year={year}
      />
    </>
  );
}
