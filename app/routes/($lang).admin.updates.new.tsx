import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { UpdateEditor } from "~/components/staff/update-editor";
import { useLocalizedPath } from "~/i18n/hooks";
import { samePrefixAs } from "~/i18n/locales";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requireStaff } from "~/models/staff-session.server";
import {
  createUpdate,
  listAudienceChoices,
  listVoteChoices,
  newUpdateFormValues,
} from "~/models/update-admin.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import updateStyles from "~/styles/staff-updates.css";
import { readUpdateForm } from "~/utils/update-fields";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: campaignStyles },
  { rel: "stylesheet", href: updateStyles },
];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigner");
  assertLangParam(params);
  return {
    values: newUpdateFormValues(),
    audiences: await listAudienceChoices(getRequestLocale(request)),
    votes: await listVoteChoices(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const { values, input } = readUpdateForm(await request.formData());
  const result = await createUpdate(input, { userId: staff.user.id, ipHash: context.ipHash });
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return redirect(samePrefixAs(new URL(request.url).pathname, `/admin/updates/${result.id}?done=created`));
}

export default function NewUpdate() {
  const { values, audiences, votes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <p>
        <Link to={localized("/admin/updates")}>{t("staff.updates.form.back")}</Link>
      </p>
      <h1>{t("staff.updates.form.newTitle")}</h1>
      <UpdateEditor
        mode="create"
        values={actionData?.values ?? values}
        errors={actionData?.errors}
        audiences={audiences}
        votes={votes}
      />
    </>
  );
}
