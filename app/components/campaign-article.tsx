import type { ReactNode } from "react";
import { FundraisingBar } from "~/components/campaign/fundraising-bar";
import { ShareLinks } from "~/components/share-links";
import { SignForm } from "~/components/sign-form";
import { SignatureCount } from "~/components/signature-count";
import { TargetList } from "~/components/target-list";
import { useTranslation } from "~/i18n/hooks";
import type { campaignPageFor } from "~/models/campaign-page.server";
import type { SignFormErrors, SignFormValues } from "~/utils/sign-form";

// What the loader sends, after serialisation (dates become strings, which this page never reads).
type CampaignPage = Pick<
  Awaited<ReturnType<typeof campaignPageFor>>,
  | "campaign"
  | "html"
  | "year"
  | "counts"
  | "fundraising"
  | "countryNames"
  | "countries"
  | "formShown"
  | "shareUrl"
> & { recentSigners: { name: string | null; countryIso3: string | null }[] };

type Props = {
  page: CampaignPage;
  values?: SignFormValues;
  errors?: SignFormErrors;
  /** The post was refused because signing had closed in the meantime. */
  refusedAsClosed?: boolean;
  /** In place of the sign form (a staff preview says signing is off there). */
  signingReplacement?: ReactNode;
  /** After the sign form: the link to the campaign's donate page, when it has one. */
  donateLink?: ReactNode;
};

/**
 * Markdown already rendered and sanitised on the server (app/utils/markdown.server.ts). The page
 * does not hydrate, so this HTML is never compared with a client render.
 */
function RenderedMarkdown({ html, className }: { html: string; className?: string }) {
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The public campaign page's content, shared by the page itself and the staff preview. */
export function CampaignArticle({
  page,
  values,
  errors,
  refusedAsClosed,
  signingReplacement,
  donateLink,
}: Props) {
  const { campaign, html, year, counts, countryNames: names, recentSigners, countries, formShown } = page;
  const { t, locale } = useTranslation();
  const number = new Intl.NumberFormat(locale);
  const textLocale = campaign.textLocale;
  const deadline = campaign.deadline
    ? new Intl.DateTimeFormat(locale, {
        // Field by field: Intl refuses timeZoneName together with dateStyle or timeStyle.
        year: "numeric",
        month: "long",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "UTC",
        timeZoneName: "short",
      }).format(new Date(campaign.deadline))
    : null;
  let signing: ReactNode;
  if (signingReplacement) {
    signing = signingReplacement;
  } else if (campaign.signingOpen && !refusedAsClosed) {
    signing = (
      <>
        {deadline ? <p className="notice">{t("campaign.deadline", { date: deadline })}</p> : null}
        <SignForm
          countries={countries}
          formShown={formShown}
          values={values}
          errors={errors}
          namesShown={campaign.privacyMode !== "at_risk"}
        />
      </>
    );
  } else {
    signing = (
      <section className="signing-closed" aria-labelledby="signing-closed-heading">
        <h2 id="signing-closed-heading">{t("campaign.signingClosed")}</h2>
        {refusedAsClosed ? (
          <p className="form-error" role="alert">
            {t("sign.error.closed")}
          </p>
        ) : null}
        {html.outcome ? (
          <div lang={textLocale}>
            <h3>{t("campaign.outcomeHeading")}</h3>
            <RenderedMarkdown html={html.outcome} />
          </div>
        ) : (
          <p>{t("campaign.signingClosedDetail")}</p>
        )}
      </section>
    );
  }
  return (
    <article className="campaign">
      {campaign.fallback ? (
        <p className="notice fallback-notice">
          {t("campaign.fallbackNotice", {
            requested: t(`language.${locale}`),
            shown: t(`language.${textLocale}`),
          })}
        </p>
      ) : null}
      <div lang={textLocale}>
        <h1>{campaign.title}</h1>
        <p className="lead">{campaign.summary}</p>
      </div>
      <TargetList targets={campaign.targets} year={year} />
      <SignatureCount total={counts.total} goal={campaign.signatureGoal} />
      {page.fundraising ? <FundraisingBar fundraising={page.fundraising} slug={campaign.slug} /> : null}
      {signing}
      {donateLink}
      <section aria-labelledby="petition-heading" lang={textLocale}>
        <h2 id="petition-heading">{t("campaign.petitionHeading")}</h2>
        <RenderedMarkdown className="petition-text" html={html.petition} />
      </section>
      {html.background ? (
        <section aria-labelledby="background-heading" lang={textLocale}>
          <h2 id="background-heading">{t("campaign.backgroundHeading")}</h2>
          <RenderedMarkdown html={html.background} />
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
      <ShareLinks url={page.shareUrl} title={campaign.title} />
    </article>
  );
}
