import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import { createTranslator } from "~/i18n/translate";
import {
  countSignaturesByCountry,
  countSignaturesPerDay,
  countryNamer,
  findDashboardCampaign,
  foldedCountries,
  summarizeCampaignEmail,
} from "~/models/campaign-dashboard.server";
import { requireStaff } from "~/models/staff-session.server";
import opsStyles from "~/styles/staff-ops.css";
import { CHART_SERIES, signatureChartSvg } from "~/utils/signature-chart";
import { DASHBOARD_DAYS, EMAIL_OUTCOMES } from "~/utils/staff-ops";
import { worldMapSvg } from "~/utils/world-map.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.campaign.title ?? "Rollcall" },
];

const DaysSchema = z.coerce
  .number()
  .int()
  .refine((days) => (DASHBOARD_DAYS as readonly number[]).includes(days))
  .catch(30);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "viewer");
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findDashboardCampaign(params.id ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const days = DaysSchema.parse(new URL(request.url).searchParams.get("days") ?? undefined);
  const [perDay, byCountry, email, nameOf] = await Promise.all([
    countSignaturesPerDay(campaign.id, days),
    countSignaturesByCountry(campaign.id, campaign.sensitiveCountries),
    summarizeCampaignEmail(campaign.id),
    countryNamer(locale),
  ]);
  const t = createTranslator(locale, getStaffMessages(locale));
  const number = new Intl.NumberFormat(locale);
  const totals = perDay.reduce(
    (sum, day) => ({
      confirmed: sum.confirmed + day.confirmed,
      pending: sum.pending + day.pending,
      flagged: sum.flagged + day.flagged,
    }),
    { confirmed: 0, pending: 0, flagged: 0 },
  );
  const folded = foldedCountries(campaign.sensitiveCountries);
  const chartSvg = signatureChartSvg(perDay, {
    title: t("staff.ops.dashboard.chartTitle", { days }),
    desc: t("staff.ops.dashboard.chartDesc", { days, ...totals }),
    bar: (day) => t("staff.ops.dashboard.barLabel", { ...day }),
  });
  const top = byCountry.rows
    .slice(0, 3)
    .map((row) => `${nameOf(row.iso3)} ${number.format(row.count)}`)
    .join(", ");
  const map = worldMapSvg(Object.fromEntries(byCountry.rows.map((row) => [row.iso3, row.count])), folded, {
    title: t("staff.ops.dashboard.mapTitle"),
    desc: t("staff.ops.dashboard.mapDesc", {
      total: byCountry.total,
      countries: byCountry.rows.length,
      top: top || "—",
      other: byCountry.other,
    }),
    country: nameOf,
    tooltip: (name, count) =>
      count === null
        ? t("staff.ops.dashboard.tooltipFolded", { name })
        : t("staff.ops.dashboard.tooltip", { name, count }),
  });
  return {
    campaign: { id: campaign.id, title: campaign.title, slug: campaign.slug, status: campaign.status },
    days,
    perDay,
    totals,
    countries: byCountry.rows.map((row) => ({ ...row, name: nameOf(row.iso3) })),
    other: byCountry.other,
    total: byCountry.total,
    foldedNames: [...folded].map(nameOf),
    email,
    chartSvg,
    mapSvg: map.svg,
    mapLegend: map.legend,
  };
}

export default function CampaignDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useStaffTranslation();
  const number = new Intl.NumberFormat(locale);
  return (
    <div className="ops-dashboard">
      <h1>{t("staff.ops.dashboard.heading", { title: data.campaign.title })}</h1>
      <p>{t("staff.ops.dashboard.total", { count: data.total })}</p>

      <section aria-labelledby="per-day">
        <h2 id="per-day">{t("staff.ops.dashboard.perDayHeading")}</h2>
        <Form method="get" className="ops-inline-form">
          <label htmlFor="days">{t("staff.ops.dashboard.daysLabel")}</label>
          <select id="days" name="days" defaultValue={String(data.days)}>
            {DASHBOARD_DAYS.map((days) => (
              <option key={days} value={days}>
                {t("staff.ops.dashboard.daysOption", { days })}
              </option>
            ))}
          </select>
          <button type="submit">{t("staff.ops.dashboard.show")}</button>
        </Form>
        <p className="staff-note">{t("staff.ops.dashboard.perDayNote")}</p>
        {/* Drawn on the server from our own numbers: no markup from anyone else. */}
        <figure className="ops-figure" dangerouslySetInnerHTML={{ __html: data.chartSvg }} />
        <ul className="ops-legend" aria-label={t("staff.ops.dashboard.legendTitle")}>
          {CHART_SERIES.map((series) => (
            <li key={series.key}>
              <span className={`ops-swatch ops-swatch--${series.key}`} aria-hidden="true" />
              {t(`staff.ops.dashboard.${series.key}`)}
            </li>
          ))}
        </ul>
        <details>
          <summary>{t("staff.ops.dashboard.tableSummary")}</summary>
          <table>
            <caption>{t("staff.ops.dashboard.chartTitle", { days: data.days })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.ops.dashboard.day")}</th>
                <th scope="col">{t("staff.ops.dashboard.confirmed")}</th>
                <th scope="col">{t("staff.ops.dashboard.pending")}</th>
                <th scope="col">{t("staff.ops.dashboard.flagged")}</th>
              </tr>
            </thead>
            <tbody>
              {data.perDay.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{day.day}</th>
                  <td>{number.format(day.confirmed)}</td>
                  <td>{number.format(day.pending)}</td>
                  <td>{number.format(day.flagged)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <section aria-labelledby="by-country">
        <h2 id="by-country">{t("staff.ops.dashboard.byCountryHeading")}</h2>
        <p className="staff-note">
          {t("staff.ops.dashboard.foldedNote", { countries: data.foldedNames.join(", ") })}
        </p>
        <figure className="ops-figure" dangerouslySetInnerHTML={{ __html: data.mapSvg }} />
        <ul className="ops-legend" aria-label={t("staff.ops.dashboard.legendTitle")}>
          {data.mapLegend.map((band) => (
            <li key={band.from}>
              <span className={`ops-swatch ops-swatch--shade-${band.shade}`} aria-hidden="true" />
              {band.from === 0
                ? t("staff.ops.dashboard.legendNone")
                : band.to === null
                  ? t("staff.ops.dashboard.bandOpen", { from: number.format(band.from) })
                  : t("staff.ops.dashboard.band", {
                      from: number.format(band.from),
                      to: number.format(band.to),
                    })}
            </li>
          ))}
        </ul>
        <table>
          <caption>{t("staff.ops.dashboard.byCountryCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staff.ops.dashboard.country")}</th>
              <th scope="col">{t("staff.ops.dashboard.signatures")}</th>
            </tr>
          </thead>
          <tbody>
            {data.countries.map((row) => (
              <tr key={row.iso3}>
                <th scope="row">{row.name}</th>
                <td>{number.format(row.count)}</td>
              </tr>
            ))}
            {data.other > 0 ? (
              <tr>
                <th scope="row">{t("staff.ops.dashboard.other")}</th>
                <td>{number.format(data.other)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="email">
        <h2 id="email">{t("staff.ops.dashboard.emailHeading")}</h2>
        {data.email.length === 0 ? (
          <p>{t("staff.ops.dashboard.emailNone")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.ops.dashboard.emailKind")}</th>
                {EMAIL_OUTCOMES.map((outcome) => (
                  <th scope="col" key={outcome}>
                    {t(`staff.ops.email.${outcome}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.email.map((row) => (
                <tr key={row.kind}>
                  <th scope="row">{emailKindLabel(t, row.kind)}</th>
                  {EMAIL_OUTCOMES.map((outcome) => (
                    <td key={outcome}>{number.format(row.counts[outcome])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="staff-note">{t("staff.ops.dashboard.emailNote")}</p>
      </section>
    </div>
  );
}

function emailKindLabel(t: ReturnType<typeof useStaffTranslation>["t"], kind: string): string {
  switch (kind) {
    case "update":
      return t("staff.ops.emailKind.update");
    case "signature-confirmation":
      return t("staff.ops.emailKind.confirmation");
    case "signature-already-confirmed":
      return t("staff.ops.emailKind.alreadyConfirmed");
    default:
      return kind;
  }
}
