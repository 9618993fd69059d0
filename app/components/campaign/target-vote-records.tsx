import { Link } from "@remix-run/react";
import { VoteOutcome } from "~/components/votes/vote-outcome";
import { VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { CampaignTargetView } from "~/models/campaign.server";
import type { listCampaignVoteRecords } from "~/models/un-vote.server";

type Records = Awaited<ReturnType<typeof listCampaignVoteRecords>>;

/**
 * The UN votes a campaign is about and how each government it addresses voted on each: the
 * record the petition asks them to change. Nothing is shown when no vote is linked.
 */
export function TargetVoteRecords({ records, targets }: { records: Records; targets: CampaignTargetView[] }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  if (records.length === 0) return null;
  const names = new Map(targets.map((target) => [target.iso3, target.name]));
  return (
    <section className="target-votes" aria-labelledby="target-votes-heading">
      <h2 id="target-votes-heading">{t("votes.campaignHeading")}</h2>
      <p>{t("votes.campaignIntro")}</p>
      {records.map(({ vote, choices }) => (
        <div key={vote.id} className="target-votes__vote">
          <h3 lang="en">
            <Link to={localized(`/votes/${vote.id}`)}>{vote.title}</Link>
          </h3>
          <p className="target-votes__meta">
            <VoteDate date={vote.votedOn} /> · {t(`votes.bodyShort.${vote.body}`)} ·{" "}
            <VoteOutcome vote={vote} />
            {vote.outcome !== "adopted_without_vote" ? <> · {t("votes.tally", vote.totals)}</> : null}
          </p>
          <ul className="target-votes__list">
            {choices.map(({ iso3, choice }) => (
              <li key={iso3} data-iso3={iso3}>
                <Link to={localized(`/countries/${iso3}`)}>{names.get(iso3) ?? iso3}</Link>:{" "}
                <strong className={`choice choice--${choice ?? "none"}`}>
                  {t(choice ? `votes.choice.${choice}` : "votes.choice.none")}
                </strong>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
