import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { listCampaignsForStaff } from "~/models/campaign-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: campaignStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  return {
    campaigns: await listCampaignsForStaff(),
    mayCreate: hasRole(staff.user.role, "campaigner"),
  };
}

export default function CampaignList() {
  const { campaigns, mayCreate } = useLoaderData<typeof loader>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <h1>{t("staff.campaigns.title")}</h1>
      {mayCreate ? (
        <p>
          <Link className="button" to={localized("/admin/campaigns/new")}>
            {t("staff.campaigns.new")}
          </Link>
        </p>
      ) : null}
      {campaigns.length === 0 ? (
        <p>{t("staff.campaigns.empty")}</p>
      ) : (
        <div className="staff-table-wrap">
          <table className="campaign-table">
            <thead>
              <tr>
                <th scope="col">{t("staff.campaigns.col.campaign")}</th>
                <th scope="col">{t("staff.campaigns.col.status")}</th>
                <th scope="col">{t("staff.campaigns.col.languages")}</th>
                <th scope="col">{t("staff.campaigns.col.confirmed")}</th>
                <th scope="col">{t("staff.campaigns.col.pending")}</th>
                <th scope="col">{t("staff.campaigns.col.flagged")}</th>
                <th scope="col">{t("staff.campaigns.col.goal")}</th>
                <th scope="col">{t("staff.campaigns.col.deadline")}</th>
                <th scope="col">{t("staff.campaigns.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <th scope="row">
                    <Link
                      to={localized(`/admin/campaigns/${campaign.id}`)}
                      lang={campaign.titleLocale ?? undefined}
                    >
                      {campaign.title}
                    </Link>
                    <br />
                    <code>{campaign.slug}</code>
                  </th>
                  <td>
                    <span className={`campaign-status campaign-status--${campaign.status}`}>
                      {t(`staff.campaigns.status.${campaign.status}`)}
                    </span>
                  </td>
                  <td>
                    {campaign.languages.length > 0
                      ? campaign.languages
                          .map((language) => t(`staff.campaigns.language.${language}`))
                          .join(", ")
                      : t("staff.campaigns.noLanguages")}
                  </td>
                  <td>{number.format(campaign.confirmed)}</td>
                  <td>{number.format(campaign.pending)}</td>
                  <td>{number.format(campaign.flagged)}</td>
                  <td>{number.format(campaign.signatureGoal)}</td>
                  <td>
                    {campaign.deadline ? (
                      <StaffTime iso={campaign.deadline} />
                    ) : (
                      t("staff.campaigns.noDeadline")
                    )}
                  </td>
                  <td>
                    <StaffTime iso={campaign.updatedAt} />
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
