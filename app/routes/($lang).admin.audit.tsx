import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffTime, STAFF_TIME_ZONE } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { AUDIT_ACTIONS, isAuditAction, listAuditLog } from "~/models/audit.server";
import { listStaff } from "~/models/staff-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import peopleStyles from "~/styles/staff-people.css";
import { AuditFilterSchema } from "~/utils/staff-admin-forms.server";
import { isStaffRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: peopleStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

// A date typed into the filter is a day in the staff's time zone (Seoul keeps +09:00 all year).
function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const filters = AuditFilterSchema.parse(query);
  const action = isAuditAction(filters.action) ? filters.action : undefined;
  const [page, staff] = await Promise.all([
    listAuditLog({
      action,
      actorId: filters.actor,
      from: filters.from ? startOfDay(filters.from) : undefined,
      to: filters.to ? new Date(startOfDay(filters.to).getTime() + DAY_MS) : undefined,
      before: filters.before ? BigInt(filters.before) : undefined,
      limit: PAGE_SIZE,
    }),
    listStaff(),
  ]);
  return {
    filters: {
      action: action ?? "",
      actor: filters.actor ?? "",
      from: filters.from ?? "",
      to: filters.to ?? "",
    },
    paged: Boolean(filters.before),
    // From the loader: the list lives in a server module, which the browser bundle leaves out.
    actions: AUDIT_ACTIONS,
    entries: page.entries,
    older: page.older,
    actors: staff.map((member) => ({
      id: member.id,
      label: member.name ? `${member.name} <${member.email}>` : member.email,
    })),
  };
}

type Translate = ReturnType<typeof useStaffTranslation>["t"];

/** Actions added later without a label yet still show, by their name. */
function actionLabel(t: Translate, action: string): string {
  const key = `staff.people.audit.action.${action}` as StaffMessageKey;
  const label = t(key);
  return label === key ? action : label;
}

function detailsText(t: Translate, action: string, details: unknown): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  const record = details as Record<string, unknown>;
  if (action === "staff.role-changed" && isStaffRole(record.from) && isStaffRole(record.to)) {
    return t("staff.people.audit.roleChange", {
      from: t(`staff.role.${record.from}`),
      to: t(`staff.role.${record.to}`),
    });
  }
  return Object.entries(record)
    .map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

export default function AuditLogPage() {
  const { filters, entries, older, actors, paged, actions } = useLoaderData<typeof loader>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const olderQuery = new URLSearchParams(
    Object.entries({ ...filters, before: older ?? "" }).filter(([, value]) => value !== ""),
  );
  const newestQuery = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
  return (
    <div className="staff-people">
      <h1>{t("staff.people.audit.title")}</h1>
      <p>{t("staff.people.audit.intro")}</p>

      <section aria-labelledby="audit-filter">
        <h2 id="audit-filter">{t("staff.people.audit.filterHeading")}</h2>
        <Form method="get" className="staff-people__filters">
          <div className="staff-people__field">
            <label htmlFor="audit-action">{t("staff.people.audit.filter.action")}</label>
            <select id="audit-action" name="action" defaultValue={filters.action}>
              <option value="">{t("staff.people.audit.filter.anyAction")}</option>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {actionLabel(t, action)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-people__field">
            <label htmlFor="audit-actor">{t("staff.people.audit.filter.actor")}</label>
            <select id="audit-actor" name="actor" defaultValue={filters.actor}>
              <option value="">{t("staff.people.audit.filter.anyActor")}</option>
              {actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {actor.label}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-people__field">
            <label htmlFor="audit-from">{t("staff.people.audit.filter.from")}</label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="staff-people__field">
            <label htmlFor="audit-to">{t("staff.people.audit.filter.to")}</label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to} />
          </div>
          <button type="submit">{t("staff.people.audit.filter.submit")}</button>
          <Link to={localized("/admin/audit")}>{t("staff.people.audit.filter.clear")}</Link>
        </Form>
        <p className="staff-note">{t("staff.timezoneNote", { zone: STAFF_TIME_ZONE })}</p>
      </section>

      {entries.length === 0 ? (
        <p>{t("staff.people.audit.empty")}</p>
      ) : (
        <table className="staff-people__audit">
          <thead>
            <tr>
              <th scope="col">{t("staff.people.audit.col.when")}</th>
              <th scope="col">{t("staff.people.audit.col.who")}</th>
              <th scope="col">{t("staff.people.audit.col.what")}</th>
              <th scope="col">{t("staff.people.audit.col.target")}</th>
              <th scope="col">{t("staff.people.audit.col.details")}</th>
              <th scope="col">{t("staff.people.audit.col.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <StaffTime iso={entry.createdAt} />
                </td>
                <td>
                  {entry.actor ? (
                    <>
                      {entry.actor.name ? <>{entry.actor.name} </> : null}
                      <span className="staff-people__email">{entry.actor.email}</span>
                    </>
                  ) : (
                    t("staff.people.audit.nobody")
                  )}
                </td>
                <td>{actionLabel(t, entry.action)}</td>
                <td>
                  {entry.target
                    ? `${entry.target.name ? `${entry.target.name} ` : ""}${entry.target.email}`
                    : `${entry.targetType}${entry.targetId ? ` ${entry.targetId}` : ""}`}
                </td>
                <td>{detailsText(t, entry.action, entry.details)}</td>
                <td>
                  <code>{entry.ipHash ?? "–"}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="staff-people__pages" aria-label={t("staff.people.audit.title")}>
        {paged ? (
          <Link to={`${localized("/admin/audit")}${newestQuery.size > 0 ? `?${newestQuery}` : ""}`}>
            {t("staff.people.audit.newest")}
          </Link>
        ) : null}
        {older ? (
          <Link to={`${localized("/admin/audit")}?${olderQuery}`} rel="next">
            {t("staff.people.audit.older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
