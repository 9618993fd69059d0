import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CouncilTermText } from "~/components/votes/council-term-text";
import { VoteOutcome } from "~/components/votes/vote-outcome";
import { VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { getTranslator } from "~/i18n/catalog.server";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { samePrefixAs } from "~/i18n/locales";
import { loadCountryScorecard } from "~/models/un-vote.server";
import votesStylesheet from "~/styles/votes.css";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { flagEmoji } from "~/utils/un-vote-display";

export const handle: PageHandle = { shared: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votesStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const scorecard = await loadCountryScorecard(params.iso3 ?? "", locale);
  if (!scorecard) throw new Response("Not Found", { status: 404 });
  // /countries/prk and /countries/PRK are one page, kept (and cached) once, at the upper-case code.
  if ("redirect" in scorecard) {
    throw redirect(samePrefixAs(new URL(request.url).pathname, `/countries/${scorecard.redirect}`), 301);
  }
  const title = getTranslator(locale)("country.title", { country: scorecard.country.names[locale] });
  return { ...scorecard, title };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, args.data ? { text: args.data.title } : "votes.title");

export default function CountryScorecard() {
  const { title, country, votes, terms, seatedIn, campaigns } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <article className="scorecard">
      <p>
        <Link to={localized("/votes")}>{t("votes.allVotes")}</Link>
      </p>
      <h1>
        <span aria-hidden="true">{flagEmoji(country.iso2)}</span> {title}
      </h1>
      {country.unMember ? null : <p className="notice">{t("country.notMember")}</p>}
      <p className="lead">{t("country.summary", { count: votes.length })}</p>

      <section aria-labelledby="terms-heading">
        <h2 id="terms-heading">{t("country.termsHeading")}</h2>
        {seatedIn ? <p>{t("country.seatedNow", { year: String(seatedIn) })}</p> : null}
        {terms.length === 0 ? (
          <p>{t("country.noTerms")}</p>
        ) : (
          <ul className="council-terms">
            {terms.map((term) => (
              <li key={`${term.kind}-${term.from}`}>
                <CouncilTermText term={term} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {votes.length > 0 ? (
        <section aria-labelledby="votes-heading">
          <h2 id="votes-heading">{t("country.votesHeading")}</h2>
          <div className="table-scroll">
            <table className="record-table">
              <thead>
                <tr>
                  <th scope="col">{t("country.column.date")}</th>
                  <th scope="col">{t("country.column.vote")}</th>
                  <th scope="col">{t("country.column.choice")}</th>
                  <th scope="col">{t("country.column.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {votes.map(({ vote, choice }) => (
                  <tr key={vote.id}>
                    <td>
                      <VoteDate date={vote.votedOn} />
                    </td>
                    <td>
                      <span className="record-table__body">{t(`votes.bodyShort.${vote.body}`)}</span>{" "}
                      <Link to={localized(`/votes/${vote.id}`)} lang="en">
                        {vote.title}
                      </Link>
                    </td>
                    <td className={`choice choice--${choice}`}>{t(`votes.choice.${choice}`)}</td>
                    <td>
                      <VoteOutcome vote={vote} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="campaigns-heading">
        <h2 id="campaigns-heading">{t("country.campaignsHeading")}</h2>
        {campaigns.length === 0 ? (
          <p>{t("country.noCampaigns")}</p>
        ) : (
          <ul>
            {campaigns.map((campaign) => (
              <li key={campaign.slug} lang={campaign.textLocale}>
                <Link to={localized(`/campaigns/${campaign.slug}`)}>{campaign.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
