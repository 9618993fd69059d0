import { Link } from "@remix-run/react";
import { VoteOutcome } from "~/components/votes/vote-outcome";
import { VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { VoteSummary } from "~/models/un-vote.server";

/** Recorded votes as a timeline: date, body, title (linked), document, outcome and tally. */
export function VoteList({ votes }: { votes: VoteSummary[] }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <ol className="vote-list">
      {votes.map((vote) => (
        <li key={vote.id} className="vote-list__item">
          <p className="vote-list__meta">
            <VoteDate date={vote.votedOn} /> · {t(`votes.bodyShort.${vote.body}`)} ·{" "}
            {t(`votes.kind.${vote.kind}`)}
            {vote.resolution ? ` · ${vote.resolution}` : null}
          </p>
          <h3 className="vote-list__title" lang="en">
            <Link to={localized(`/votes/${vote.id}`)}>{vote.title}</Link>
          </h3>
          <p className="vote-list__result">
            <VoteOutcome vote={vote} />
            {vote.outcome !== "adopted_without_vote" ? <> · {t("votes.tally", vote.totals)}</> : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
