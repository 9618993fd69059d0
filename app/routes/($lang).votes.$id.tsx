import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MemberGroups } from "~/components/votes/member-groups";
import { TallyBar } from "~/components/votes/tally-bar";
import { VoteOutcome } from "~/components/votes/vote-outcome";
import { VoteSources } from "~/components/votes/vote-sources";
import { VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { findVoteDetail } from "~/models/un-vote.server";
import votesStylesheet from "~/styles/votes.css";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { sortByName } from "~/utils/un-vote-display";

export const handle: PageHandle = { shared: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votesStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  // A malformed id finds nothing, like an unknown one: the translated 404 page.
  const detail = await findVoteDetail(params.id ?? "");
  if (!detail) throw new Response("Not Found", { status: 404 });
  const locale = getRequestLocale(request);
  return { vote: detail.vote, members: sortByName(detail.members, locale, (member) => member.country) };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, args.data ? { text: args.data.vote.title } : "votes.title");

export default function VotePage() {
  const { vote, members } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <article className="vote-page">
      <p>
        <Link to={localized("/votes")}>{t("votes.allVotes")}</Link>
      </p>
      <h1 lang="en">{vote.title}</h1>
      <dl className="vote-facts" aria-label={t("votes.factsLabel")}>
        <div>
          <dt>{t("votes.field.body")}</dt>
          <dd>{t(`votes.body.${vote.body}`)}</dd>
        </div>
        <div>
          <dt>{t("votes.field.date")}</dt>
          <dd>
            <VoteDate date={vote.votedOn} />
          </dd>
        </div>
        <div>
          <dt>{t("votes.field.kind")}</dt>
          <dd>{t(`votes.kind.${vote.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("votes.field.meeting")}</dt>
          <dd>{vote.meeting}</dd>
        </div>
        <div>
          <dt>{t("votes.field.document")}</dt>
          <dd>{vote.resolution ?? t("votes.procedural")}</dd>
        </div>
        {vote.draft ? (
          <div>
            <dt>{t("votes.field.draft")}</dt>
            <dd>{vote.draft}</dd>
          </div>
        ) : null}
        {vote.session ? (
          <div>
            <dt>{t("votes.field.session")}</dt>
            <dd>{vote.session}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("votes.field.outcome")}</dt>
          <dd>
            <VoteOutcome vote={vote} />
          </dd>
        </div>
      </dl>
      {vote.outcome === "adopted_without_vote" ? null : <TallyBar totals={vote.totals} />}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("votes.membersHeading")}</h2>
        {members.length === 0 ? <p>{t("votes.withoutVote")}</p> : <MemberGroups members={members} />}
      </section>
      <VoteSources vote={vote} />
    </article>
  );
}
