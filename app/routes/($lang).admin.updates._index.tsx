import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requireStaff } from "~/models/staff-session.server";
import { listUpdatesForStaff } from "~/models/update-admin.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import updateStyles from "~/styles/staff-updates.css";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: campaignStyles },
  { rel: "stylesheet", href: updateStyles },
];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  return {
    updates: await listUpdatesForStaff(getRequestLocale(request)),
    mayCreate: hasRole(staff.user.role, "campaigner"),
  };
}

export default function UpdateList() {
  const { updates, mayCreate } = useLoaderData<typeof loader>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <h1>{t("staff.updates.title")}</h1>
      {mayCreate ? (
        <p>
          <Link className="button" to={localized("/admin/updates/new")}>
            {t("staff.updates.new")}
          </Link>
        </p>
      ) : null}
      {updates.length === 0 ? (
        <p>{t("staff.updates.empty")}</p>
      ) : (
        <div className="staff-table-wrap">
          <table className="campaign-table">
            <thead>
              <tr>
                <th scope="col">{t("staff.updates.col.subject")}</th>
                <th scope="col">{t("staff.updates.col.audience")}</th>
                <th scope="col">{t("staff.updates.col.status")}</th>
                <th scope="col">{t("staff.updates.col.progress")}</th>
                <th scope="col">{t("staff.updates.col.created")}</th>
              </tr>
            </thead>
            <tbody>
              {updates.map((update) => (
                <tr key={update.id}>
                  <td>
                    <Link to={localized(`/admin/updates/${update.id}`)}>{update.subject || update.id}</Link>
                  </td>
                  <td>
                    {update.audience === null
                      ? t("staff.updates.audience.general")
                      : t("staff.updates.audience.campaign", { title: update.audience })}
                  </td>
                  <td>
                    {t(`staff.updates.status.${update.status}`)}
                    {update.status === "scheduled" && update.scheduledAt ? (
                      <>
                        {" "}
                        <StaffTime iso={update.scheduledAt} />
                      </>
                    ) : null}
                  </td>
                  <td>
                    {t("staff.updates.progress.count", {
                      sent: number.format(update.progress.sent),
                      planned: number.format(update.progress.planned),
                    })}
                  </td>
                  <td>
                    <StaffTime iso={update.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
