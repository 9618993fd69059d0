import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ShareLinks } from "~/components/share-links";
import { SignForm } from "~/components/sign-form";
import { SignatureCount } from "~/components/signature-count";
import { TargetList } from "~/components/target-list";
import { useTranslation } from "~/i18n/hooks";
import { campaignPageAction, campaignPageLoader } from "~/server/campaign-page-route.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// The same page for every reader, counts and form token included, rendered once a second at most
// (docs/decisions/0016); counts are live at /api/campaigns/:slug. The HTTP side is in
// campaign-page-route.server.ts.
export const loader = ({ request, params }: LoaderFunctionArgs) => campaignPageLoader(request, params);

export const handle: PageHandle = { shared: true, scripts: ["sign-form"] };

// Valid sign posts are usually answered before Remix (docs/decisions/0012); this action sees the
// rest (field errors, closed campaigns) and any post the fast path did not read.
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  campaignPageAction(request, params, context);

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

// Title and link-preview tags come ready-made from the loader (see campaign-page.server.ts).
export const meta: MetaFunction<typeof loader> = (args) => args.data?.meta ?? pageMeta(args, "home.title");

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
    </>
  );
}

export default function CampaignPage() {
  const {
    campaign,
    year,
    counts,
    countryNames: names,
    recentSigners,
    countries,
    formShown,
    shareUrl,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useTranslation();
  const number = new Intl.NumberFormat(locale);
  return (
    <article className="campaign">
      <div lang={campaign.textLocale}>
        <h1>{campaign.title}</h1>
        <p className="lead">{campaign.summary}</p>
      </div>
      <TargetList targets={campaign.targets} year={year} />
      <SignatureCount total={counts.total} goal={campaign.signatureGoal} />
      {campaign.status === "live" ? (
        <SignForm
          countries={countries}
          formShown={formShown}
          values={actionData?.values}
          errors={actionData?.errors}
        />
      ) : null}
      <section aria-labelledby="petition-heading" lang={campaign.textLocale}>
        <h2 id="petition-heading">{t("campaign.petitionHeading")}</h2>
        <div className="petition-text">
          <Paragraphs text={campaign.petition} />
        </div>
      </section>
      {campaign.background ? (
        <section aria-labelledby="background-heading" lang={campaign.textLocale}>
          <h2 id="background-heading">{t("campaign.backgroundHeading")}</h2>
          <Paragraphs text={campaign.background} />
        </section>
      ) : null}
      {recentSigners.length > 0 ? (
        <section aria-labelledby="signers-heading">
          <h2 id="signers-heading">{t("campaign.recentSigners")}</h2>
          <ul className="signers">
            {recentSigners.map((signer, index) => (
              <li key={index}>
                {signer.name ?? t("campaign.anonymousSigner")}
                {signer.countryIso3 && names[signer.countryIso3] ? ` · ${names[signer.countryIso3]}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {Object.keys(counts.byCountry).length > 0 ? (
        <section aria-labelledby="by-country-heading">
          <h2 id="by-country-heading">{t("campaign.byCountry")}</h2>
          <table className="by-country">
            <tbody>
              {Object.entries(counts.byCountry).map(([iso3, shown]) => (
                <tr key={iso3}>
                  <th scope="row">{names[iso3] ?? t("campaign.otherCountries")}</th>
                  <td>
                    {"count" in shown
                      ? number.format(shown.count)
                      : t("campaign.fewerThan", { count: shown.fewerThan })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <ShareLinks url={shareUrl} title={campaign.title} />
    </article>
  );
}
