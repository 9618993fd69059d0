import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requireStaff } from "~/models/staff-session.server";
import { listVotesForStaff } from "~/models/un-vote-admin.server";
import voteStyles from "~/styles/staff-votes.css";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: voteStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  return { votes: await listVotesForStaff(), mayImport: hasRole(staff.user.role, "campaigner") };
}

export default function VoteList() {
  const { votes, mayImport } = useLoaderData<typeof loader>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <h1>{t("staff.votes.title")}</h1>
      <p>{t("staff.votes.intro")}</p>
      {mayImport ? (
        <p>
          <Link className="button" to={localized("/admin/votes/import")}>
            {t("staff.votes.importLink")}
          </Link>
        </p>
      ) : null}
      {votes.length === 0 ? (
        <p>{t("staff.votes.empty")}</p>
      ) : (
        <div className="votes-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.votes.col.vote")}</th>
                <th scope="col">{t("staff.votes.col.date")}</th>
                <th scope="col">{t("staff.votes.col.body")}</th>
                <th scope="col">{t("staff.votes.col.meeting")}</th>
                <th scope="col">{t("staff.votes.col.outcome")}</th>
                <th scope="col">{t("staff.votes.col.tally")}</th>
                <th scope="col">{t("staff.votes.col.campaigns")}</th>
              </tr>
            </thead>
            <tbody>
              {votes.map((vote) => (
                <tr key={vote.id}>
                  <th scope="row">
                    {/* UN titles are English: the UN publishes its voting data in English only. */}
                    <Link to={localized(`/admin/votes/${vote.id}`)} lang="en">
                      {vote.title}
                    </Link>
                    <br />
                    {t(`staff.votes.kind.${vote.kind}`)}
                    {vote.resolution ? <> · {vote.resolution}</> : null}
                  </th>
                  <td>
                    <StaffTime iso={vote.votedOn} dateOnly />
                  </td>
                  <td>{t(`staff.votes.body.${vote.body}`)}</td>
                  <td>{vote.meeting}</td>
                  <td className={`votes-outcome--${vote.outcome}`}>
                    {t(`staff.votes.outcome.${vote.outcome}`)}
                    {vote.vetoedBy.length > 0 ? (
                      <>
                        <br />
                        {t("staff.votes.vetoedBy", { members: vote.vetoedBy.join(", ") })}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {vote.outcome === "adopted_without_vote" ? "—" : t("staff.votes.tally", vote.tally)}
                  </td>
                  <td>
                    {vote.campaigns.length === 0 ? (
                      t("staff.votes.noCampaigns")
                    ) : (
                      <ul>
                        {vote.campaigns.map((campaign) => (
                          <li key={campaign.id}>
                            <Link
                              to={localized(`/admin/campaigns/${campaign.id}`)}
                              lang={campaign.titleLocale ?? undefined}
                            >
                              {campaign.title}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
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
