import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import {
  EnrolmentLink,
  LastSignIn,
  RULE_MESSAGES,
  StaffFactors,
  StaffStatus,
} from "~/components/staff/staff-member-facts";
import { useLocalizedPath } from "~/i18n/hooks";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import {
  createStaffMember,
  listStaff,
  StaffRuleError,
  type StaffRuleCode,
} from "~/models/staff-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import peopleStyles from "~/styles/staff-people.css";
import { CreateStaffSchema, fieldErrorsOf } from "~/utils/staff-admin-forms.server";
import { STAFF_ROLES } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: peopleStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

// The enrolment link is in this answer only: never cached, never stored anywhere it could be read back.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  return { staff: await listStaff(), viewer: { id: staff.user.id, role: staff.user.role } };
}

type CreateValues = { email: string; name: string; role: string; locale: string };
type ActionResult = {
  values: CreateValues;
  fieldErrors: Record<string, true>;
  rule: StaffRuleCode | null;
  created: { email: string; enrolmentUrl: string } | null;
};

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

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const values = { email: text("email"), name: text("name"), role: text("role"), locale: text("locale") };
  const parsed = CreateStaffSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionResult>(
      { values, fieldErrors: fieldErrorsOf(parsed.error), rule: null, created: null },
      { status: 400 },
    );
  }
  try {
    const { enrolmentUrl } = await createStaffMember(staff.user, parsed.data, context.ipHash);
    const empty = { email: "", name: "", role: "", locale: "" };
    return data<ActionResult>(
      { values: empty, fieldErrors: {}, rule: null, created: { email: parsed.data.email, enrolmentUrl } },
      { headers: NO_STORE },
    );
  } catch (error) {
    if (!(error instanceof StaffRuleError)) throw error;
    return data<ActionResult>(
      { values, fieldErrors: {}, rule: error.code, created: null },
      { status: RULE_STATUS[error.code] },
    );
  }
}

export default function StaffList() {
  const { staff, viewer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <div className="staff-people">
      <h1>{t("staff.people.title")}</h1>
      <p>{t("staff.people.intro")}</p>
      {result?.created ? (
        <EnrolmentLink
          url={result.created.enrolmentUrl}
          message={`${t("staff.people.created.heading")}. ${t("staff.people.created.body", { email: result.created.email })}`}
        />
      ) : null}

      <section aria-labelledby="staff-list">
        <h2 id="staff-list">{t("staff.people.listHeading")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff.people.col.name")}</th>
              <th scope="col">{t("staff.people.col.email")}</th>
              <th scope="col">{t("staff.people.col.role")}</th>
              <th scope="col">{t("staff.people.col.status")}</th>
              <th scope="col">{t("staff.people.col.factors")}</th>
              <th scope="col">{t("staff.people.col.lastSignIn")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id} className={member.disabledAt ? "staff-people__removed" : undefined}>
                <th scope="row">
                  <Link to={localized(`/admin/staff/${member.id}`)}>
                    {member.name || t("staff.people.noName")}
                  </Link>
                </th>
                <td>{member.email}</td>
                <td>{t(`staff.role.${member.role}`)}</td>
                <td>
                  <StaffStatus member={member} />
                </td>
                <td>
                  <StaffFactors member={member} />
                </td>
                <td>
                  <LastSignIn member={member} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="staff-create">
        <h2 id="staff-create">{t("staff.people.create.heading")}</h2>
        <CreateStaffForm
          // A fresh form after each creation, so the fields empty even with JavaScript on.
          key={result?.created?.enrolmentUrl ?? "form"}
          result={result}
          canMakeOwner={viewer.role === "owner"}
        />
      </section>
    </div>
  );
}

function CreateStaffForm({
  result,
  canMakeOwner,
}: {
  result: ActionResult | undefined;
  canMakeOwner: boolean;
}) {
  const { t } = useStaffTranslation();
  const values = result?.values;
  const errors = result?.fieldErrors ?? {};
  const roles = STAFF_ROLES.filter((role) => canMakeOwner || role !== "owner");
  const fieldError = (name: keyof CreateValues, key: Parameters<typeof t>[0]) =>
    errors[name] ? (
      <p className="staff-people__error" id={`create-${name}-error`}>
        {t(key)}
      </p>
    ) : null;
  const described = (name: keyof CreateValues) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `create-${name}-error` } : {};
  return (
    <Form method="post" className="staff-people__form" noValidate>
      <CsrfField />
      {Object.keys(errors).length > 0 ? (
        <p className="staff-people__error" role="alert">
          {t("staff.people.errorSummary")}
        </p>
      ) : null}
      {result?.rule ? (
        <p className="staff-people__error" role="alert">
          {t(RULE_MESSAGES[result.rule])}
        </p>
      ) : null}
      <div className="staff-people__field">
        <label htmlFor="create-email">{t("staff.people.field.email")}</label>
        <input
          id="create-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={320}
          defaultValue={values?.email}
          {...described("email")}
        />
        {fieldError("email", "staff.people.error.email")}
      </div>
      <div className="staff-people__field">
        <label htmlFor="create-name">{t("staff.people.field.name")}</label>
        <input
          id="create-name"
          name="name"
          type="text"
          autoComplete="off"
          maxLength={100}
          defaultValue={values?.name}
          {...described("name")}
        />
        {fieldError("name", "staff.people.error.name")}
      </div>
      <div className="staff-people__field">
        <label htmlFor="create-role">{t("staff.people.field.role")}</label>
        <select
          id="create-role"
          name="role"
          defaultValue={values?.role || "campaigner"}
          {...described("role")}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`staff.role.${role}`)}
            </option>
          ))}
        </select>
        {fieldError("role", "staff.people.error.role")}
      </div>
      <div className="staff-people__field">
        <label htmlFor="create-locale">{t("staff.people.field.locale")}</label>
        <select
          id="create-locale"
          name="locale"
          defaultValue={values?.locale || "ko"}
          {...described("locale")}
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_ENDONYMS[locale]}
            </option>
          ))}
        </select>
        {fieldError("locale", "staff.people.error.locale")}
      </div>
      <button type="submit">{t("staff.people.create.submit")}</button>
    </Form>
  );
}
