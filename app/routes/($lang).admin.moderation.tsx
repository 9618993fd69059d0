import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { recordAudit } from "~/models/audit.server";
import {
  listCampaignsForReview,
  listHeldSignatures,
  reviewHeldSignatures,
} from "~/models/signature-review.server";
import { requireStaff } from "~/models/staff-session.server";
import opsStyles from "~/styles/staff-ops.css";
import { HELD_PAGE_SIZE, HOLD_REASONS, isHoldReason } from "~/utils/staff-ops";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

const FilterSchema = z.object({
  campaign: z.uuid().optional().catch(undefined),
  reason: z.enum(HOLD_REASONS).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
});

const ReviewSchema = z.object({
  decision: z.enum(["clear", "invalidate"]),
  ids: z.array(z.uuid()).min(1).max(HELD_PAGE_SIZE),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const search = new URL(request.url).searchParams;
  const filter = FilterSchema.parse({
    campaign: search.get("campaign") || undefined,
    reason: search.get("reason") || undefined,
    after: search.get("after") || undefined,
  });
  const reveal = hasRole(staff.user.role, "admin");
  const [held, campaigns] = await Promise.all([
    listHeldSignatures({ campaignId: filter.campaign, reason: filter.reason, after: filter.after }, reveal),
    listCampaignsForReview(),
  ]);
  return { held, campaigns, filter, reveal };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const form = await request.formData();
  const parsed = ReviewSchema.safeParse({ decision: form.get("decision"), ids: form.getAll("ids") });
  if (!parsed.success) {
    return data({ error: "staff.ops.moderation.noneSelected" as const, result: null }, { status: 400 });
  }
  const { decision, ids } = parsed.data;
  const result = await reviewHeldSignatures(ids, decision);
  await recordAudit({
    actorId: staff.user.id,
    action: decision === "clear" ? "signature.cleared" : "signature.invalidated",
    targetType: "signature",
    targetId: ids.length === 1 ? ids[0] : null,
    details: { requested: result.requested, changed: result.changed, signatureIds: ids },
    ipHash: context.ipHash,
  });
  return { error: null, result: { decision, ...result } };
}

export default function Moderation() {
  const { held, campaigns, filter, reveal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const nextParams = new URLSearchParams({
    ...(filter.campaign ? { campaign: filter.campaign } : {}),
    ...(filter.reason ? { reason: filter.reason } : {}),
    ...(held.next ? { after: held.next } : {}),
  });
  return (
    <div className="ops-moderation">
      <h1>{t("staff.ops.moderation.heading")}</h1>
      <p>{t("staff.ops.moderation.intro")}</p>
      <p>
        <Link to={localized("/admin/moderation/blocks")}>{t("staff.ops.blocks.heading")}</Link>
      </p>
      {actionData?.result ? (
        <p role="status" className="ops-status">
          {t(
            actionData.result.decision === "clear"
              ? "staff.ops.moderation.clearedCount"
              : "staff.ops.moderation.invalidatedCount",
            { count: actionData.result.changed },
          )}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="field-error">
          {t(actionData.error)}
        </p>
      ) : null}

      <Form method="get" className="ops-inline-form" aria-label={t("staff.ops.moderation.filter")}>
        <label htmlFor="filter-campaign">{t("staff.ops.moderation.campaign")}</label>
        <select id="filter-campaign" name="campaign" defaultValue={filter.campaign ?? ""}>
          <option value="">{t("staff.ops.moderation.allCampaigns")}</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.slug}
            </option>
          ))}
        </select>
        <label htmlFor="filter-reason">{t("staff.ops.moderation.reason")}</label>
        <select id="filter-reason" name="reason" defaultValue={filter.reason ?? ""}>
          <option value="">{t("staff.ops.moderation.allReasons")}</option>
          {HOLD_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t(`staff.ops.reason.${reason}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("staff.ops.moderation.applyFilter")}</button>
      </Form>

      {held.rows.length === 0 ? (
        <p>{t("staff.ops.moderation.empty")}</p>
      ) : (
        <Form method="post">
          <CsrfField />
          {reveal ? null : <p className="staff-note">{t("staff.ops.moderation.maskedNote")}</p>}
          <table>
            <caption>{t("staff.ops.moderation.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.ops.moderation.select")}</th>
                <th scope="col">{t("staff.ops.moderation.received")}</th>
                <th scope="col">{t("staff.ops.moderation.campaign")}</th>
                <th scope="col">{t("staff.ops.moderation.reason")}</th>
                <th scope="col">{t("staff.ops.moderation.status")}</th>
                <th scope="col">{t("staff.ops.moderation.signer")}</th>
                <th scope="col">{t("staff.ops.moderation.country")}</th>
              </tr>
            </thead>
            <tbody>
              {held.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <input
                      type="checkbox"
                      name="ids"
                      value={row.id}
                      id={`held-${row.id}`}
                      aria-label={t("staff.ops.moderation.selectOne", {
                        signer: row.email ?? row.name ?? row.id,
                      })}
                    />
                  </td>
                  <td>
                    <StaffTime iso={row.createdAt} />
                  </td>
                  <td>{row.campaign.slug}</td>
                  <td>{isHoldReason(row.reason) ? t(`staff.ops.reason.${row.reason}`) : row.reason}</td>
                  <td>
                    {t(
                      row.status === "confirmed"
                        ? "staff.ops.moderation.confirmed"
                        : "staff.ops.moderation.pending",
                    )}
                  </td>
                  <td>
                    {row.name}
                    {row.email ? <span className="ops-email"> {row.email}</span> : null}
                  </td>
                  <td>{row.countryIso3 ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="ops-actions">
            <button type="submit" name="decision" value="clear">
              {t("staff.ops.moderation.clearSelected")}
            </button>
            <button type="submit" name="decision" value="invalidate" className="ops-danger">
              {t("staff.ops.moderation.invalidateSelected")}
            </button>
          </div>
          <p className="staff-note">{t("staff.ops.moderation.decisionsNote")}</p>
        </Form>
      )}
      <nav aria-label={t("staff.ops.pagination")} className="ops-pagination">
        {filter.after ? (
          <Link
            to={`?${new URLSearchParams({ ...(filter.campaign ? { campaign: filter.campaign } : {}), ...(filter.reason ? { reason: filter.reason } : {}) }).toString()}`}
          >
            {t("staff.ops.firstPage")}
          </Link>
        ) : null}
        {held.next ? <Link to={`?${nextParams.toString()}`}>{t("staff.ops.nextPage")}</Link> : null}
      </nav>
    </div>
  );
}
