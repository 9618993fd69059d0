import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { YearPicker } from "~/components/staff/year-picker";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requestedYear, StatementYearSchema } from "~/models/donation-statement.server";
import {
  issueKoreanReceipts,
  koreanReceiptsOffered,
  listKoreanReceiptsDue,
} from "~/models/korean-receipt.server";
import { requireStaff } from "~/models/staff-session.server";
import donationStyles from "~/styles/staff-donations.css";
import { formatMoney } from "~/utils/money";

// Owners only, and only with DONOR_DATA_KEY set: the Korean donation receipts to issue for a year.
// The page shows who and how much; the resident registration numbers appear only in the CSV.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: donationStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "owner");
  assertLangParam(params);
  if (!koreanReceiptsOffered()) notFound();
  const year = requestedYear(request);
  const { rows, unreadable } = await listKoreanReceiptsDue(year);
  return { year, unreadable, rows };
}

const IssueForm = z.object({ year: StatementYearSchema, id: z.array(z.uuid()).max(10_000) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "owner");
  assertLangParam(params);
  if (!koreanReceiptsOffered()) notFound();
  const form = await request.formData();
  const parsed = IssueForm.safeParse({ year: form.get("year"), id: form.getAll("id") });
  if (!parsed.success) return data({ issued: 0 }, { status: 400 });
  const issued = await issueKoreanReceipts(parsed.data.year, parsed.data.id, {
    userId: staff.user.id,
    ipHash: context.ipHash,
  });
  return { issued };
}

export default function KoreanReceiptsPage() {
  const { year, rows, unreadable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const yearText = String(year);
  return (
    <div className="staff-donations">
      <p>
        <Link to={localized("/admin/donations")}>{t("staff.donations.title")}</Link>
      </p>
      <h1>{t("staff.donations.koreanReceipts.title")}</h1>
      <p>{t("staff.donations.koreanReceipts.intro")}</p>
      <YearPicker
        id="receipt-year"
        year={year}
        label={t("staff.donations.koreanReceipts.year")}
        submit={t("staff.donations.koreanReceipts.show")}
      />
      {result ? (
        <p role="status" className="notice">
          {t("staff.donations.koreanReceipts.issued", { count: result.issued })}
        </p>
      ) : null}
      {unreadable > 0 ? (
        <p className="notice">{t("staff.donations.koreanReceipts.unreadable", { count: unreadable })}</p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("staff.donations.koreanReceipts.empty", { year: yearText })}</p>
      ) : (
        <>
          <p>
            {/* A plain link: the CSV is a download, not a page Remix should fetch. */}
            <a href={localized(`/admin/donations/korean-receipts.csv?year=${year}`)}>
              {t("staff.donations.koreanReceipts.download", { year: yearText })}
            </a>
          </p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="year" value={year} />
            <table className="staff-donations__list">
              <thead>
                <tr>
                  <th scope="col">{t("staff.donations.koreanReceipts.col.issue")}</th>
                  <th scope="col">{t("staff.donations.koreanReceipts.col.request")}</th>
                  <th scope="col">{t("staff.donations.koreanReceipts.col.email")}</th>
                  <th scope="col">{t("staff.donations.koreanReceipts.col.total")}</th>
                  <th scope="col">{t("staff.donations.koreanReceipts.col.gifts")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.requestId}>
                    <td>
                      <input
                        type="checkbox"
                        name="id"
                        value={row.requestId}
                        defaultChecked
                        aria-label={`${t("staff.donations.koreanReceipts.col.issue")}: ${row.email}`}
                      />
                    </td>
                    <td>
                      <code>{row.requestId.slice(0, 8)}</code>
                    </td>
                    <td>{row.email}</td>
                    <td className="staff-donations__amount">{formatMoney(row.totalKrw, "KRW", locale)}</td>
                    <td>{row.gifts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit">{t("staff.donations.koreanReceipts.markIssued")}</button>
          </Form>
        </>
      )}
    </div>
  );
}
