import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { LOCALES, localizePath, samePrefixAs } from "~/i18n/locales";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import {
  availableTransitions,
  getCampaignForStaff,
  isCampaignTransition,
  listTargetChoices,
  publishBlockers,
  transitionCampaign,
  type CampaignTransition,
} from "~/models/campaign-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: campaignStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  const campaign = await getCampaignForStaff(params.id ?? "");
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const locale = getRequestLocale(request);
  const choices = await listTargetChoices(locale);
  const names = new Map(choices.map((choice) => [choice.iso3, choice.name]));
  return {
    campaign: {
      id: campaign.id,
      slug: campaign.slug,
      status: campaign.status,
      sourceLocale: campaign.sourceLocale,
      title: campaign.translations[campaign.sourceLocale].title || campaign.slug,
      signatureGoal: campaign.signatureGoal,
      deadline: campaign.deadline,
      privacyMode: campaign.privacyMode,
      createdAt: campaign.createdAt,
      publishedAt: campaign.publishedAt,
      closedAt: campaign.closedAt,
      archivedAt: campaign.archivedAt,
      oldSlugs: campaign.oldSlugs,
      completeLanguages: campaign.completeLanguages,
      targets: campaign.targets.map((iso3) => ({ iso3, name: names.get(iso3) ?? iso3 })),
    },
    blockers: campaign.status === "draft" ? publishBlockers(campaign) : [],
    transitions: hasRole(staff.user.role, "campaigner") ? availableTransitions(campaign.status) : [],
    mayEdit: hasRole(staff.user.role, "campaigner") && campaign.status !== "archived",
    publicPath: campaign.status === "draft" ? null : localizePath(locale, `/campaigns/${campaign.slug}`),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const intent = (await request.formData()).get("intent");
  if (!isCampaignTransition(intent)) {
    return data({ error: "staff.campaigns.error.wrongState" as StaffMessageKey }, { status: 400 });
  }
  const result = await transitionCampaign(params.id ?? "", intent, {
    userId: staff.user.id,
    ipHash: context.ipHash,
  });
  if (!result) throw new Response("Not Found", { status: 404 });
  if (!result.ok) return data({ error: result.error }, { status: 409 });
  return redirect(
    samePrefixAs(new URL(request.url).pathname, `/admin/campaigns/${params.id}?done=${intent}`),
  );
}

const campaignPath = (slug: string) => `/campaigns/${slug}`;

const DONE_MESSAGES: Record<string, StaffMessageKey> = {
  created: "staff.campaigns.form.created",
  saved: "staff.campaigns.form.saved",
  publish: "staff.campaigns.action.done.publish",
  close: "staff.campaigns.action.done.close",
  archive: "staff.campaigns.action.done.archive",
};

const TRANSITION_LABELS: Record<CampaignTransition, { label: StaffMessageKey; hint: StaffMessageKey }> = {
  publish: { label: "staff.campaigns.action.publish", hint: "staff.campaigns.action.publishHint" },
  close: { label: "staff.campaigns.action.close", hint: "staff.campaigns.action.closeHint" },
  archive: { label: "staff.campaigns.action.archive", hint: "staff.campaigns.action.archiveHint" },
};

/** A blocker's field name (`en.title`, `targets`) as the editor labels it. */
function useFieldLabel() {
  const { t } = useStaffTranslation();
  return (name: string) => {
    if (name === "targets") return t("staff.campaigns.field.targets");
    const [locale, field] = name.split(".") as [(typeof LOCALES)[number], "title" | "summary" | "petition"];
    return t(`staff.campaigns.field.${field}`, { language: t(`staff.campaigns.language.${locale}`) });
  };
}

export default function CampaignOverview() {
  const { campaign, blockers, transitions, mayEdit, publicPath } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const fieldLabel = useFieldLabel();
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <p>
        <Link to={localized("/admin/campaigns")}>{t("staff.campaigns.title")}</Link>
      </p>
      <h1 lang={campaign.sourceLocale}>{campaign.title}</h1>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {actionData ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <p>
        <span className={`campaign-status campaign-status--${campaign.status}`}>
          {t("staff.campaigns.overview.status", { status: t(`staff.campaigns.status.${campaign.status}`) })}
        </span>
      </p>
      <ul className="campaign-links">
        {mayEdit ? (
          <li>
            <Link to={localized(`/admin/campaigns/${campaign.id}/edit`)}>
              {t("staff.campaigns.overview.edit")}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to={localized(`/admin/campaigns/${campaign.id}/dashboard`)}>
            {t("staff.campaigns.overview.dashboard")}
          </Link>
        </li>
        {mayEdit ? (
          <li>
            {/* A download, not a page: a plain link, so the browser saves the file. */}
            <a href={localized(`/admin/campaigns/${campaign.id}/export.csv`)} download>
              {t("staff.campaigns.overview.export")}
            </a>
          </li>
        ) : null}
        {LOCALES.map((language) => (
          <li key={language}>
            <Link to={localized(`/admin/campaigns/${campaign.id}/preview/${language}`)}>
              {t("staff.campaigns.overview.preview", { language: t(`staff.campaigns.language.${language}`) })}
            </Link>
          </li>
        ))}
        {publicPath ? (
          <li>
            <a href={publicPath}>{t("staff.campaigns.overview.viewPublic")}</a>
          </li>
        ) : null}
      </ul>
      {mayEdit && campaign.targets.length > 0 ? (
        <section aria-labelledby="campaign-delivery-heading">
          <h2 id="campaign-delivery-heading">{t("staff.campaigns.overview.deliveryHeading")}</h2>
          <ul className="campaign-links">
            {campaign.targets.map(({ iso3, name }) => (
              <li key={iso3}>
                <Link to={localized(`/admin/campaigns/${campaign.id}/delivery/${iso3}`)}>
                  {t("staff.campaigns.overview.delivery", { country: name })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {transitions.length > 0 ? (
        <section aria-labelledby="campaign-actions-heading" className="campaign-actions">
          <h2 id="campaign-actions-heading">{t("staff.campaigns.overview.actions")}</h2>
          {blockers.length > 0 ? (
            <div className="notice">
              <p>{t("staff.campaigns.overview.missing")}</p>
              <ul>
                {blockers.map((name) => (
                  <li key={name}>{fieldLabel(name)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {transitions.map((transition) => (
            <Form method="post" key={transition} className="campaign-action">
              <CsrfField />
              <input type="hidden" name="intent" value={transition} />
              <button
                type="submit"
                className="button"
                aria-describedby={`${transition}-hint`}
                disabled={transition === "publish" && blockers.length > 0}
              >
                {t(TRANSITION_LABELS[transition].label)}
              </button>
              <p id={`${transition}-hint`} className="hint">
                {t(TRANSITION_LABELS[transition].hint)}
              </p>
            </Form>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="campaign-details-heading">
        <h2 id="campaign-details-heading">{t("staff.campaigns.overview.details")}</h2>
        <dl className="campaign-details">
          <dt>{t("staff.campaigns.overview.address")}</dt>
          <dd>
            <code>{campaignPath(campaign.slug)}</code>
          </dd>
          {campaign.oldSlugs.length > 0 ? (
            <>
              <dt>{t("staff.campaigns.overview.oldAddresses")}</dt>
              <dd>
                {campaign.oldSlugs.map((slug) => (
                  <code key={slug}>{campaignPath(slug)} </code>
                ))}
              </dd>
            </>
          ) : null}
          <dt>{t("staff.campaigns.field.sourceLocale")}</dt>
          <dd>{t(`staff.campaigns.language.${campaign.sourceLocale}`)}</dd>
          <dt>{t("staff.campaigns.col.languages")}</dt>
          <dd>
            {campaign.completeLanguages.length > 0
              ? campaign.completeLanguages
                  .map((language) => t(`staff.campaigns.language.${language}`))
                  .join(", ")
              : t("staff.campaigns.noLanguages")}
          </dd>
          <dt>{t("staff.campaigns.field.targets")}</dt>
          <dd>
            {campaign.targets.length > 0
              ? campaign.targets.map((target) => target.name).join(", ")
              : t("staff.campaigns.overview.noTargets")}
          </dd>
          <dt>{t("staff.campaigns.field.signatureGoal")}</dt>
          <dd>{number.format(campaign.signatureGoal)}</dd>
          <dt>{t("staff.campaigns.col.deadline")}</dt>
          <dd>
            {campaign.deadline ? <StaffTime iso={campaign.deadline} /> : t("staff.campaigns.noDeadline")}
          </dd>
          <dt>{t("staff.campaigns.field.privacyMode")}</dt>
          <dd>
            {t(
              campaign.privacyMode === "at_risk"
                ? "staff.campaigns.overview.privacyAtRisk"
                : "staff.campaigns.overview.privacyNormal",
            )}
          </dd>
          <dt>{t("staff.campaigns.overview.created")}</dt>
          <dd>
            <StaffTime iso={campaign.createdAt} />
          </dd>
          {campaign.publishedAt ? (
            <>
              <dt>{t("staff.campaigns.overview.published")}</dt>
              <dd>
                <StaffTime iso={campaign.publishedAt} />
              </dd>
            </>
          ) : null}
          {campaign.closedAt ? (
            <>
              <dt>{t("staff.campaigns.overview.closed")}</dt>
              <dd>
                <StaffTime iso={campaign.closedAt} />
              </dd>
            </>
          ) : null}
          {campaign.archivedAt ? (
            <>
              <dt>{t("staff.campaigns.overview.archived")}</dt>
              <dd>
                <StaffTime iso={campaign.archivedAt} />
              </dd>
            </>
          ) : null}
        </dl>
      </section>
    </>
  );
}
