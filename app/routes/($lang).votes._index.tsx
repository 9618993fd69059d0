import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { VoteFilterForm } from "~/components/votes/vote-filter-form";
import { VoteList } from "~/components/votes/vote-list";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { listVotes } from "~/models/un-vote.server";
import votesStylesheet from "~/styles/votes.css";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { readVoteFilter, voteFilterQuery } from "~/utils/un-vote-display";

// The same for every reader (docs/decisions/0016); a filtered view has a query string, which the
// page cache passes by, but it is still marked shareable for a CDN.
export const handle: PageHandle = { shared: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votesStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  // Filters that do not parse are dropped, and the page says so: never a 400 or a 500 for a link.
  const { filter, ignored } = readVoteFilter(new URL(request.url).searchParams);
  return { ...(await listVotes(filter)), filter, ignored };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "votes.title");

export default function VotesTimeline() {
  const { votes, total, page, pages, years, filter, ignored } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  const pageLink = (to: number) => localized(`/votes${voteFilterQuery({ ...filter, page: to })}`);
  return (
    <div className="votes-page">
      <h1>{t("votes.title")}</h1>
      <p className="lead">{t("votes.intro")}</p>
      <p>
        <Link to={localized("/council")}>{t("votes.councilLink")}</Link>
      </p>
      {ignored ? (
        <p className="notice" role="status">
          {t("votes.filter.ignored")}
        </p>
      ) : null}
      <VoteFilterForm filter={filter} years={years} />
      <h2>{t("votes.count", { count: total })}</h2>
      {votes.length === 0 ? <p>{t("votes.empty")}</p> : <VoteList votes={votes} />}
      {pages > 1 ? (
        <nav className="pagination" aria-label={t("votes.pagination")}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev">
              {t("votes.newer")}
            </Link>
          ) : null}
          <span>{t("votes.pageOf", { page, pages })}</span>
          {page < pages ? (
            <Link to={pageLink(page + 1)} rel="next">
              {t("votes.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
