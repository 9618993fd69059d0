import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "~/components/staff/csrf-field";
import {
  EnrolmentLink,
  LastSignIn,
  RULE_MESSAGES,
  StaffFactors,
  StaffStatus,
} from "~/components/staff/staff-member-facts";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { LOCALE_ENDONYMS } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import {
  changeStaffRole,
  endSessionsOf,
  getStaffMember,
  reissueEnrolmentLink,
  removeStaffMember,
  StaffRuleError,
  type StaffRuleCode,
} from "~/models/staff-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import peopleStyles from "~/styles/staff-people.css";
import { ChangeRoleSchema } from "~/utils/staff-admin-forms.server";
import { STAFF_ROLES, type StaffRoleName } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: peopleStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  const member = await memberOr404(params.id);
  return { member, viewer: { id: staff.user.id, role: staff.user.role } };
}

async function memberOr404(id: string | undefined) {
  const member = id && /^[0-9a-f-]{36}$/i.test(id) ? await getStaffMember(id) : null;
  if (!member) throw new Response("Not Found", { status: 404 });
  return member;
}

const INTENTS = ["role", "enrol", "remove", "end-sessions"] as const;
type Intent = (typeof INTENTS)[number];

type ActionResult =
  | {
      intent: Intent;
      ok: true;
      role?: StaffRoleName;
      changed?: boolean;
      enrolmentUrl?: string;
      ended?: number;
    }
  | { intent: Intent; ok: false; rule: StaffRuleCode | null; invalid?: true };

const RULE_STATUS: Record<StaffRuleCode, number> = {
  "owner-only": 403,
  "own-role": 403,
  "last-owner": 409,
  "not-found": 404,
  removed: 409,
  "already-enrolled": 409,
  "email-taken": 409,
  "not-allowed": 403,
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  const form = await request.formData();
  const intent = INTENTS.find((name) => name === form.get("intent"));
  if (!intent)
    return data<ActionResult>({ intent: "role", ok: false, rule: null, invalid: true }, { status: 400 });
  const id = params.id ?? "";
  try {
    switch (intent) {
      case "role": {
        const parsed = ChangeRoleSchema.safeParse({ role: form.get("role") });
        if (!parsed.success) {
          return data<ActionResult>({ intent, ok: false, rule: null, invalid: true }, { status: 400 });
        }
        const { changed } = await changeStaffRole(staff.user, id, parsed.data.role, context.ipHash);
        return data<ActionResult>({ intent, ok: true, role: parsed.data.role, changed });
      }
      case "enrol": {
        const enrolmentUrl = await reissueEnrolmentLink(staff.user, id, context.ipHash);
        return data<ActionResult>(
          { intent, ok: true, enrolmentUrl },
          { headers: { "Cache-Control": "no-store" } },
        );
      }
      case "remove":
        await removeStaffMember(staff.user, id, context.ipHash);
        return data<ActionResult>({ intent, ok: true });
      case "end-sessions": {
        const { ended } = await endSessionsOf(staff.user, id, context.ipHash);
        return data<ActionResult>({ intent, ok: true, ended });
      }
    }
  } catch (error) {
    if (!(error instanceof StaffRuleError)) throw error;
    return data<ActionResult>({ intent, ok: false, rule: error.code }, { status: RULE_STATUS[error.code] });
  }
}

export default function StaffMember() {
  const { member, viewer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const isOwner = viewer.role === "owner";
  const canChange = !member.disabledAt && (member.role !== "owner" || isOwner);
  const ownRoleLocked = member.id === viewer.id && !isOwner;
  const roles = STAFF_ROLES.filter((role) => isOwner || role !== "owner");

  const outcome = (intent: Intent): ReactNode => {
    if (result?.intent !== intent) return null;
    if (!result.ok) {
      let key: StaffMessageKey = "staff.error.body";
      if (result.rule) key = RULE_MESSAGES[result.rule];
      if (result.rule === "owner-only" && intent === "end-sessions") key = "staff.people.rule.ownerSessions";
      return (
        <p className="staff-people__error" role="alert">
          {t(key)}
        </p>
      );
    }
    let message = "";
    if (intent === "role" && result.role) {
      const role = t(`staff.role.${result.role}`);
      message = t(result.changed ? "staff.people.role.changed" : "staff.people.role.unchanged", { role });
    }
    if (intent === "remove") message = t("staff.people.remove.done");
    if (intent === "end-sessions") message = t("staff.people.sessions.done", { count: result.ended ?? 0 });
    if (intent === "enrol" && result.enrolmentUrl) {
      return (
        <EnrolmentLink
          url={result.enrolmentUrl}
          message={t("staff.people.enrol.done", { email: member.email })}
        />
      );
    }
    return (
      <p className="staff-people__done" role="status">
        {message}
      </p>
    );
  };

  return (
    <div className="staff-people">
      <p>
        <Link to={localized("/admin/staff")}>{t("staff.people.member.back")}</Link>
      </p>
      <h1>{member.name || member.email}</h1>

      <section aria-labelledby="member-details">
        <h2 id="member-details">{t("staff.people.member.details")}</h2>
        <dl className="staff-people__facts">
          <dt>{t("staff.people.col.email")}</dt>
          <dd>{member.email}</dd>
          <dt>{t("staff.people.col.role")}</dt>
          <dd>{t(`staff.role.${member.role}`)}</dd>
          <dt>{t("staff.people.col.status")}</dt>
          <dd>
            <StaffStatus member={member} />
          </dd>
          <dt>{t("staff.people.col.factors")}</dt>
          <dd>
            <StaffFactors member={member} />
          </dd>
          <dt>{t("staff.people.col.lastSignIn")}</dt>
          <dd>
            <LastSignIn member={member} />
          </dd>
          <dt>{t("staff.people.member.created")}</dt>
          <dd>
            <StaffTime iso={member.createdAt} />
          </dd>
          <dt>{t("staff.people.member.locale")}</dt>
          <dd>{LOCALE_ENDONYMS[member.locale]}</dd>
        </dl>
      </section>

      {canChange ? (
        <section aria-labelledby="member-role">
          <h2 id="member-role">{t("staff.people.role.heading")}</h2>
          {outcome("role")}
          {ownRoleLocked ? (
            <p>{t("staff.people.role.ownNote")}</p>
          ) : (
            <Form method="post" className="staff-people__inline">
              <CsrfField />
              <input type="hidden" name="intent" value="role" />
              <label htmlFor="member-role-select">{t("staff.people.field.role")}</label>
              <select id="member-role-select" name="role" defaultValue={member.role} key={member.role}>
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t(`staff.role.${role}`)}
                  </option>
                ))}
              </select>
              <button type="submit">{t("staff.people.role.submit")}</button>
            </Form>
          )}
        </section>
      ) : (
        outcome("role")
      )}

      {!member.enrolled && canChange ? (
        <section aria-labelledby="member-enrol">
          <h2 id="member-enrol">{t("staff.people.enrol.heading")}</h2>
          <p>{t("staff.people.enrol.body")}</p>
          {outcome("enrol")}
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="enrol" />
            <button type="submit">{t("staff.people.enrol.submit")}</button>
          </Form>
        </section>
      ) : (
        outcome("enrol")
      )}

      {isOwner ? (
        <section aria-labelledby="member-sessions">
          <h2 id="member-sessions">{t("staff.people.sessions.heading")}</h2>
          <p>{t("staff.people.member.sessions", { count: member.liveSessions })}</p>
          <p>{t("staff.people.sessions.body")}</p>
          {outcome("end-sessions")}
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="end-sessions" />
            <button type="submit">{t("staff.people.sessions.submit")}</button>
          </Form>
        </section>
      ) : (
        outcome("end-sessions")
      )}

      {canChange ? (
        <section aria-labelledby="member-remove">
          <h2 id="member-remove">{t("staff.people.remove.heading")}</h2>
          <p>{t("staff.people.remove.body")}</p>
          {outcome("remove")}
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="remove" />
            <button type="submit" className="staff-people__danger">
              {t("staff.people.remove.submit")}
            </button>
          </Form>
        </section>
      ) : (
        outcome("remove")
      )}
    </div>
  );
}
