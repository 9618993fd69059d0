import { useTranslation } from "~/i18n/hooks";
import { joinNames } from "~/components/votes/vote-text";
import type { VoteSummary } from "~/models/un-vote.server";

type Props = { vote: Pick<VoteSummary, "outcome" | "vetoedBy"> };

/** A vote's outcome; a veto is shown as one, naming the permanent members who cast it. */
export function VoteOutcome({ vote }: Props) {
  const { t, locale } = useTranslation();
  if (vote.vetoedBy.length > 0) {
    return (
      <span className="outcome outcome--vetoed">
        {t("votes.vetoedBy", { states: joinNames(vote.vetoedBy, locale) })}
      </span>
    );
  }
  return <span className={`outcome outcome--${vote.outcome}`}>{t(`votes.outcome.${vote.outcome}`)}</span>;
}
