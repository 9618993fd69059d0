import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { recordAudit } from "~/models/audit.server";
import { requireStaff } from "~/models/staff-session.server";
import {
  getVoteForStaff,
  setVoteCampaigns,
  UnknownCampaignError,
  VoteLinksSchema,
} from "~/models/un-vote-admin.server";
import voteStyles from "~/styles/staff-votes.css";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: voteStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  const vote = await getVoteForStaff(params.id ?? "");
  if (!vote) throw new Response("Not Found", { status: 404 });
  return { vote, mayLink: hasRole(staff.user.role, "campaigner") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const form = await request.formData();
  const parsed = VoteLinksSchema.safeParse({ campaignIds: form.getAll("campaign") });
  if (!parsed.success) return data({ saved: null, error: "unknownCampaign" as const }, { status: 400 });
  let result;
  try {
    result = await setVoteCampaigns(params.id ?? "", parsed.data.campaignIds);
  } catch (error) {
    if (!(error instanceof UnknownCampaignError)) throw error;
    return data({ saved: null, error: "unknownCampaign" as const }, { status: 400 });
  }
  if (!result) throw new Response("Not Found", { status: 404 });
  if (result.added.length + result.removed.length > 0) {
    await recordAudit({
      actorId: staff.user.id,
      action: "vote.linked",
      targetType: "un-vote",
      targetId: params.id,
      details: { added: result.added, removed: result.removed },
      ipHash: context.ipHash,
    });
  }
  return { saved: { added: result.added.length, removed: result.removed.length }, error: null };
}

export default function VotePage() {
  const { vote, mayLink } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const none = t("staff.votes.detail.none");
  return (
    <>
      <p>
        <Link to={localized("/admin/votes")}>{t("staff.votes.detail.back")}</Link>
      </p>
      <h1 lang="en">{vote.title}</h1>
      <dl className="votes-details">
        <dt>{t("staff.votes.col.body")}</dt>
        <dd>{t(`staff.votes.body.${vote.body}`)}</dd>
        <dt>{t("staff.votes.col.date")}</dt>
        <dd>
          <StaffTime iso={vote.votedOn} dateOnly />
        </dd>
        <dt>{t("staff.votes.col.meeting")}</dt>
        <dd>{vote.meeting}</dd>
        <dt>{t("staff.votes.detail.kind")}</dt>
        <dd>{t(`staff.votes.kind.${vote.kind}`)}</dd>
        <dt>{t("staff.votes.col.outcome")}</dt>
        <dd className={`votes-outcome--${vote.outcome}`}>
          {t(`staff.votes.outcome.${vote.outcome}`)}
          {vote.vetoedBy.length > 0
            ? ` · ${t("staff.votes.vetoedBy", { members: vote.vetoedBy.join(", ") })}`
            : ""}
        </dd>
        <dt>{t("staff.votes.col.tally")}</dt>
        <dd>{vote.outcome === "adopted_without_vote" ? none : t("staff.votes.tally", vote.tally)}</dd>
        <dt>{t("staff.votes.detail.resolution")}</dt>
        <dd>{vote.resolution ?? none}</dd>
        <dt>{t("staff.votes.detail.draft")}</dt>
        <dd>{vote.draft ?? none}</dd>
        <dt>{t("staff.votes.detail.session")}</dt>
        <dd>{vote.session ?? none}</dd>
        <dt>{t("staff.votes.detail.undl")}</dt>
        <dd>{vote.undlId ?? none}</dd>
      </dl>

      <section aria-labelledby="vote-campaigns">
        <h2 id="vote-campaigns">{t("staff.votes.link.heading")}</h2>
        <p className="staff-note">{t("staff.votes.link.hint")}</p>
        {actionData?.saved ? (
          <p role="status" className="votes-status">
            {t("staff.votes.link.saved", actionData.saved)}
          </p>
        ) : null}
        {actionData?.error ? (
          <p role="alert" className="votes-errors">
            {t("staff.votes.link.unknownCampaign")}
          </p>
        ) : null}
        {vote.campaigns.length === 0 ? (
          <p>{t("staff.votes.link.noCampaigns")}</p>
        ) : (
          <Form method="post" className="votes-form">
            <CsrfField />
            <fieldset className="votes-campaigns" disabled={!mayLink}>
              <legend>{t("staff.votes.col.campaigns")}</legend>
              {vote.campaigns.map((campaign) => (
                <label key={campaign.id}>
                  <input
                    type="checkbox"
                    name="campaign"
                    value={campaign.id}
                    defaultChecked={vote.linkedCampaignIds.includes(campaign.id)}
                  />{" "}
                  <span lang={campaign.titleLocale ?? undefined}>{campaign.title}</span>{" "}
                  <code>{campaign.slug}</code>
                </label>
              ))}
            </fieldset>
            {mayLink ? (
              <button type="submit">{t("staff.votes.link.save")}</button>
            ) : (
              <p className="staff-note">{t("staff.votes.link.readOnly")}</p>
            )}
          </Form>
        )}
      </section>

      <section aria-labelledby="vote-members">
        <h2 id="vote-members">{t("staff.votes.detail.membersHeading")}</h2>
        {vote.members.length === 0 ? (
          <p>{t("staff.votes.detail.noMembers")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.votes.detail.country")}</th>
                <th scope="col">{t("staff.votes.detail.choice")}</th>
              </tr>
            </thead>
            <tbody>
              {vote.members.map((member) => (
                <tr key={member.iso3}>
                  <th scope="row">
                    {member.names[locale]} <code>{member.iso3}</code>
                  </th>
                  <td>{t(`staff.votes.choice.${member.choice}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
