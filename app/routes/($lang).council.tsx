import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CouncilDissent } from "~/components/votes/council-dissent";
import { CouncilRecords } from "~/components/votes/council-records";
import { CountryName } from "~/components/votes/vote-text";
import { getTranslator } from "~/i18n/catalog.server";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { councilYear } from "~/models/campaign.server";
import { loadCouncil } from "~/models/un-vote.server";
import votesStylesheet from "~/styles/votes.css";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { sortByName } from "~/utils/un-vote-display";

export const handle: PageHandle = { shared: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votesStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  // "Now" is the clock's UTC year, as the campaign pages' Council badge judges it.
  const council = await loadCouncil(councilYear());
  const byName = sortByName(council.members, locale, (member) => member.country);
  return {
    year: council.year,
    title: getTranslator(locale)("council.title", { year: String(council.year) }),
    // Permanent members first, then the elected ones, each by name in the reader's language.
    members: [...byName.filter((m) => m.kind === "permanent"), ...byName.filter((m) => m.kind === "elected")],
    dissent: council.dissent.map((entry) => ({
      ...entry,
      no: sortByName(entry.no, locale, (country) => country),
      abstain: sortByName(entry.abstain, locale, (country) => country),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, args.data ? { text: args.data.title } : "votes.title");

export default function CouncilPage() {
  const { year, title, members, dissent } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <article className="council-page">
      <p>
        <Link to={localized("/votes")}>{t("votes.allVotes")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">{t("council.intro")}</p>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("council.membersHeading")}</h2>
        {members.length === 0 ? (
          <p>{t("council.noSeats", { year: String(year) })}</p>
        ) : (
          <div className="table-scroll">
            <table className="record-table council-table">
              <thead>
                <tr>
                  <th scope="col">{t("council.column.member")}</th>
                  <th scope="col">{t("council.column.seat")}</th>
                  <th scope="col" className="number">
                    {t("votes.choice.yes")}
                  </th>
                  <th scope="col" className="number">
                    {t("votes.choice.no")}
                  </th>
                  <th scope="col" className="number">
                    {t("votes.choice.abstain")}
                  </th>
                  <th scope="col" className="number">
                    {t("votes.choice.absent")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.country.iso3} data-iso3={member.country.iso3}>
                    <th scope="row">
                      <CountryName
                        country={member.country}
                        link={localized(`/countries/${member.country.iso3}`)}
                      />
                    </th>
                    <td>
                      {member.kind === "permanent"
                        ? t("council.permanent")
                        : member.termEnds
                          ? t("council.electedUntil", { year: String(member.termEnds) })
                          : t("council.elected")}
                    </td>
                    <td className="number">{member.counts.yes}</td>
                    <td className="number">{member.counts.no}</td>
                    <td className="number">{member.counts.abstain}</td>
                    <td className="number">{member.counts.absent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CouncilDissent dissent={dissent} />
      {members.length > 0 ? <CouncilRecords members={members} /> : null}
    </article>
  );
}
