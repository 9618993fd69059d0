import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import {
  DONATION_STATUS_FILTERS,
  DonationFilterSchema,
  listDonationCampaigns,
  listDonations,
  listFailingMonthlyGifts,
} from "~/models/donation-admin.server";
import { donationTotals } from "~/models/donation-totals.server";
import { requireStaff } from "~/models/staff-session.server";
import donationStyles from "~/styles/staff-donations.css";
import { CURRENCIES, formatMoney } from "~/utils/money";
import { hasRole } from "~/utils/staff-roles";

// Gifts are money and who gave it (THREATS.md): admins and owners only. Campaigners see the
// public totals on the campaign page.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: donationStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  assertLangParam(params);
  const query = new URL(request.url).searchParams;
  const filter = DonationFilterSchema.parse(Object.fromEntries(query));
  const after = query.get("after") ?? undefined;
  const campaignId = filter.campaign && filter.campaign !== "none" ? filter.campaign : undefined;
  const [page, campaigns, failing, totals] = await Promise.all([
    listDonations(filter, after),
    listDonationCampaigns(),
    listFailingMonthlyGifts(),
    donationTotals(campaignId),
  ]);
  return {
    filter: {
      campaign: filter.campaign ?? "",
      currency: filter.currency ?? "",
      status: filter.status ?? "",
      kind: filter.kind ?? "",
    },
    paged: Boolean(after),
    ...page,
    campaigns,
    // From the loader: the list lives in a server module, which the browser bundle leaves out.
    statuses: DONATION_STATUS_FILTERS,
    failing,
    totals,
    isOwner: hasRole(staff.user.role, "owner"),
  };
}

export default function DonationsPage() {
  const { filter, donations, older, paged, campaigns, statuses, failing, totals, isOwner } =
    useLoaderData<typeof loader>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const base = localized("/admin/donations");
  const filterQuery = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ""));
  const olderQuery = new URLSearchParams(filterQuery);
  if (older) olderQuery.set("after", older);
  const withQuery = (path: string, query: URLSearchParams) => (query.size > 0 ? `${path}?${query}` : path);
  return (
    <div className="staff-donations">
      <h1>{t("staff.donations.title")}</h1>
      <p>{t("staff.donations.intro")}</p>

      <section aria-labelledby="donation-totals">
        <h2 id="donation-totals">{t("staff.donations.totalsHeading")}</h2>
        {totals.raised.length === 0 ? (
          <p>{t("staff.donations.totalsNone")}</p>
        ) : (
          <ul className="staff-donations__totals" data-testid="donation-totals">
            {totals.raised.map((row) => (
              <li key={row.currency}>{formatMoney(row.amount, row.currency, locale)}</li>
            ))}
          </ul>
        )}
        <p>{t("staff.donations.totals", { donors: totals.donors, monthly: totals.activeMonthlyDonors })}</p>
      </section>

      <section aria-labelledby="donation-filter">
        <h2 id="donation-filter">{t("staff.donations.filterHeading")}</h2>
        <Form method="get" className="staff-donations__filters">
          <div className="staff-donations__field">
            <label htmlFor="donation-campaign">{t("staff.donations.filter.campaign")}</label>
            <select id="donation-campaign" name="campaign" defaultValue={filter.campaign}>
              <option value="">{t("staff.donations.filter.anyCampaign")}</option>
              <option value="none">{t("staff.donations.filter.noCampaign")}</option>
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.slug}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-donations__field">
            <label htmlFor="donation-currency">{t("staff.donations.filter.currency")}</label>
            <select id="donation-currency" name="currency" defaultValue={filter.currency}>
              <option value="">{t("staff.donations.filter.anyCurrency")}</option>
              {CURRENCIES.map((currency) => (
                <option key={currency} value={currency}>
                  {currency}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-donations__field">
            <label htmlFor="donation-status">{t("staff.donations.filter.status")}</label>
            <select id="donation-status" name="status" defaultValue={filter.status}>
              <option value="">{t("staff.donations.filter.anyStatus")}</option>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {t(`staff.donations.status.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-donations__field">
            <label htmlFor="donation-kind">{t("staff.donations.filter.kind")}</label>
            <select id="donation-kind" name="kind" defaultValue={filter.kind}>
              <option value="">{t("staff.donations.filter.anyKind")}</option>
              <option value="one_time">{t("staff.donations.kind.one_time")}</option>
              <option value="monthly">{t("staff.donations.kind.monthly")}</option>
            </select>
          </div>
          <button type="submit">{t("staff.donations.filter.submit")}</button>
          <Link to={base}>{t("staff.donations.filter.clear")}</Link>
        </Form>
        <p>
          {/* A plain link: the CSV is a download, not a page Remix should fetch. */}
          <a href={withQuery(`${base}/export.csv`, filterQuery)}>{t("staff.donations.export")}</a>
        </p>
        <p className="staff-note">{t("staff.donations.exportNote")}</p>
        {isOwner ? (
          <p>
            <Link to={`${base}/statements`}>{t("staff.donations.statementsLink")}</Link>
          </p>
        ) : null}
      </section>

      {donations.length === 0 ? (
        <p>{t("staff.donations.empty")}</p>
      ) : (
        <table className="staff-donations__list">
          <thead>
            <tr>
              <th scope="col">{t("staff.donations.col.date")}</th>
              <th scope="col">{t("staff.donations.col.amount")}</th>
              <th scope="col">{t("staff.donations.col.kind")}</th>
              <th scope="col">{t("staff.donations.col.status")}</th>
              <th scope="col">{t("staff.donations.col.refunded")}</th>
              <th scope="col">{t("staff.donations.col.dispute")}</th>
              <th scope="col">{t("staff.donations.col.campaign")}</th>
              <th scope="col">{t("staff.donations.col.method")}</th>
            </tr>
          </thead>
          <tbody>
            {donations.map((gift) => (
              <tr key={gift.id} data-donation={gift.id}>
                <td>
                  <StaffTime iso={gift.paidAt ?? gift.createdAt} />
                </td>
                <td className="staff-donations__amount">{formatMoney(gift.amount, gift.currency, locale)}</td>
                <td>{t(`staff.donations.kind.${gift.kind}`)}</td>
                <td>{t(`staff.donations.status.${gift.status}`)}</td>
                <td className="staff-donations__amount">
                  {gift.amountRefunded > 0
                    ? formatMoney(gift.amountRefunded, gift.currency, locale)
                    : t("staff.donations.none")}
                </td>
                <td>
                  {gift.disputeStatus
                    ? t(`staff.donations.dispute.${gift.disputeStatus}`)
                    : t("staff.donations.none")}
                </td>
                <td>{gift.campaign?.slug ?? t("staff.donations.generalFund")}</td>
                <td>{gift.paymentMethodType ?? t("staff.donations.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="staff-donations__pages" aria-label={t("staff.donations.title")}>
        {paged ? <Link to={withQuery(base, filterQuery)}>{t("staff.donations.newest")}</Link> : null}
        {older ? (
          <Link to={withQuery(base, olderQuery)} rel="next">
            {t("staff.donations.older")}
          </Link>
        ) : null}
      </nav>

      <section aria-labelledby="failed-monthly-heading" id="failed-monthly">
        <h2 id="failed-monthly-heading">{t("staff.donations.failed.heading")}</h2>
        <p>{t("staff.donations.failed.intro")}</p>
        {failing.length === 0 ? (
          <p>{t("staff.donations.failed.empty")}</p>
        ) : (
          <table className="staff-donations__list" data-testid="failed-monthly">
            <thead>
              <tr>
                <th scope="col">{t("staff.donations.failed.col.lastFailed")}</th>
                <th scope="col">{t("staff.donations.col.amount")}</th>
                <th scope="col">{t("staff.donations.col.status")}</th>
                <th scope="col">{t("staff.donations.col.campaign")}</th>
                <th scope="col">{t("staff.donations.failed.col.since")}</th>
              </tr>
            </thead>
            <tbody>
              {failing.map((gift) => (
                <tr key={gift.id} data-monthly-gift={gift.id}>
                  <td>
                    {gift.lastFailedAt ? <StaffTime iso={gift.lastFailedAt} /> : t("staff.donations.none")}
                  </td>
                  <td className="staff-donations__amount">
                    {formatMoney(gift.amount, gift.currency, locale)}
                  </td>
                  <td>{t(`staff.donations.monthlyStatus.${gift.status}`)}</td>
                  <td>{gift.campaign?.slug ?? t("staff.donations.generalFund")}</td>
                  <td>
                    <StaffTime iso={gift.createdAt} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
