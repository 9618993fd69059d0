// The delivery pack for one target mission, as a page to print (the PDF is the resource route
// beside it, built from the same document). Campaigners and above; every view is audited, since
// a pack with names shows them. The rules on names are in app/models/delivery-pack.server.ts.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { openDeliveryPack, type Bilingual, type PackTable } from "~/models/delivery-pack.server";
import { requireStaff } from "~/models/staff-session.server";
import exportStyles from "~/styles/staff-exports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const opened = await openDeliveryPack(
    { params, searchParams: new URL(request.url).searchParams },
    { id: staff.user.id, ipHash: context.ipHash },
    "page",
  );
  if (!opened) throw new Response("Not Found", { status: 404 });
  return opened;
}

function Lines({ lines }: { lines: Bilingual }) {
  return (
    <>
      {lines.map((line, index) => (
        <span key={line.locale} lang={line.locale} className={index > 0 ? "pack-translation" : undefined}>
          {line.text}
        </span>
      ))}
    </>
  );
}

function Table({ table }: { table: PackTable }) {
  return (
    <section className="pack-section">
      <table>
        <caption>
          <Lines lines={table.caption} />
        </caption>
        <thead>
          <tr>
            {table.headers.map((header, index) => (
              <th key={index} scope="col">
                <Lines lines={header} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    <Lines lines={cell} />
                  </th>
                ) : (
                  <td key={index}>
                    <Lines lines={cell} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {table.note ? (
        <p className="pack-note">
          <Lines lines={table.note} />
        </p>
      ) : null}
    </section>
  );
}

export default function DeliveryPackPage() {
  const { pack, campaignId, namesAsked } = useLoaderData<typeof loader>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const base = `/admin/campaigns/${campaignId}`;
  const pdfHref = localized(`${base}/delivery/${pack.missionIso3}/pack.pdf${pack.names ? "?names=1" : ""}`);
  return (
    <>
      <div className="pack-controls">
        <h1>{t("staff.exports.delivery.title", { country: pack.missionNames[locale] })}</h1>
        <p>{t("staff.exports.delivery.intro")}</p>
        <Form method="get" className="pack-options">
          <fieldset>
            <legend>{t("staff.exports.delivery.options")}</legend>
            {pack.atRisk ? (
              <p role="note">{t("staff.exports.delivery.namesAtRisk")}</p>
            ) : (
              <label>
                <input type="checkbox" name="names" value="1" defaultChecked={namesAsked} />{" "}
                {t("staff.exports.delivery.includeNames")}
              </label>
            )}
          </fieldset>
          <button type="submit">{t("staff.exports.delivery.apply")}</button>
        </Form>
        <ul className="pack-downloads">
          <li>
            <a href={pdfHref} download>
              {t("staff.exports.delivery.downloadPdf")}
            </a>
          </li>
          <li>
            <Link to={localized(`${base}/export.csv`)} reloadDocument>
              {t("staff.exports.delivery.exportCsv")}
            </Link>
          </li>
        </ul>
        <p className="staff-note">{t("staff.exports.delivery.exportNote")}</p>
      </div>
      <article className="delivery-pack" lang={pack.locales[0]}>
        <h2>
          <Lines lines={pack.heading} />
        </h2>
        <section className="pack-section">
          <h3>
            <Lines lines={pack.total.label} />
          </h3>
          <p className="pack-total">{pack.total.value[0]!.text}</p>
        </section>
        <section className="pack-section">
          <h3>
            <Lines lines={pack.dates.label} />
          </h3>
          <dl className="pack-dates">
            {pack.dates.rows.map((row, index) => (
              <div key={index}>
                <dt>
                  <Lines lines={row.label} />
                </dt>
                <dd>
                  <Lines lines={row.value} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
        {pack.petitions.map((petition) => (
          <section key={petition.locale} className="pack-section pack-petition" lang={petition.locale}>
            <h3>{petition.title}</h3>
            {petition.paragraphs.map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </section>
        ))}
        <Table table={pack.byCountry} />
        <Table table={pack.council} />
        {pack.names ? (
          <section className="pack-section pack-names">
            <h3>
              <Lines lines={pack.names.label} />
            </h3>
            {pack.names.note ? (
              <p className="pack-note">
                <Lines lines={pack.names.note} />
              </p>
            ) : null}
            <p>{pack.names.names.join(" · ")}</p>
          </section>
        ) : null}
      </article>
    </>
  );
}
