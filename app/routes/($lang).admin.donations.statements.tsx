import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import { YearPicker } from "~/components/staff/year-picker";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import {
  lastFinishedYear,
  listStatementDonors,
  queueYearlyStatements,
  requestedYear,
  STATEMENT_LIST_LIMIT,
  StatementYearSchema,
} from "~/models/donation-statement.server";
import { requireStaff } from "~/models/staff-session.server";
import donationStyles from "~/styles/staff-donations.css";
import { formatMoney } from "~/utils/money";

// Owners only: the page lists every donor of a year by address, and its action emails them all.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: donationStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "owner");
  assertLangParam(params);
  const year = requestedYear(request);
  const { donors, total } = await listStatementDonors(year);
  return { year, donors, total, canSend: year <= lastFinishedYear(), limit: STATEMENT_LIST_LIMIT };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "owner");
  assertLangParam(params);
  const form = await request.formData();
  const parsed = StatementYearSchema.safeParse(form.get("year"));
  if (!parsed.success) return data({ error: "year-not-over" as const, year: "" }, { status: 400 });
  const year = parsed.data;
  const result = await queueYearlyStatements(year, { userId: staff.user.id, ipHash: context.ipHash });
  if (!result.ok) return data({ error: result.error, year: String(year) }, { status: 400 });
  return { queued: result.queued, year: String(year) };
}

export default function StatementsPage() {
  const { year, donors, total, canSend, limit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const yearText = String(year);
  return (
    <div className="staff-donations">
      <p>
        <Link to={localized("/admin/donations")}>{t("staff.donations.title")}</Link>
      </p>
      <h1>{t("staff.donations.statements.title")}</h1>
      <p>{t("staff.donations.statements.intro")}</p>
      <YearPicker
        id="statement-year"
        year={year}
        label={t("staff.donations.statements.year")}
        submit={t("staff.donations.statements.show")}
      />

      {result ? (
        <p role="status" className={"error" in result ? "form-error" : "notice"}>
          {"error" in result
            ? t("staff.donations.statements.yearNotOver", { year: result.year })
            : t("staff.donations.statements.sent", { count: result.queued, year: result.year })}
        </p>
      ) : null}

      {total === 0 ? (
        <p>{t("staff.donations.statements.empty", { year: yearText })}</p>
      ) : (
        <>
          <p>{t("staff.donations.statements.count", { count: total, year: yearText })}</p>
          {canSend ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="year" value={year} />
              <button type="submit">{t("staff.donations.statements.send", { year: yearText })}</button>
              <p className="staff-note">{t("staff.donations.statements.sendNote", { year: yearText })}</p>
            </Form>
          ) : (
            <p className="notice">{t("staff.donations.statements.yearNotOver", { year: yearText })}</p>
          )}
          {total > donors.length ? (
            <p className="staff-note">{t("staff.donations.statements.limited", { shown: limit })}</p>
          ) : null}
          <table className="staff-donations__list">
            <thead>
              <tr>
                <th scope="col">{t("staff.donations.statements.col.donor")}</th>
                <th scope="col">{t("staff.donations.statements.col.gifts")}</th>
                <th scope="col">{t("staff.donations.statements.col.total")}</th>
                <th scope="col">{t("staff.donations.statements.col.sent")}</th>
              </tr>
            </thead>
            <tbody>
              {donors.map((donor) => (
                <tr key={donor.email}>
                  <td>{donor.email}</td>
                  <td>{donor.gifts}</td>
                  <td className="staff-donations__amount">
                    {donor.totals
                      .map((total) => formatMoney(total.amount, total.currency, locale))
                      .join(" · ")}
                  </td>
                  <td>
                    {t(
                      donor.queued
                        ? "staff.donations.statements.queued"
                        : "staff.donations.statements.notQueued",
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
