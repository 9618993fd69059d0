import { Link } from "@remix-run/react";
import { CountryName, VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { CouncilMember } from "~/models/un-vote.server";
import { COUNCIL_RECORD_LIMIT } from "~/utils/un-vote-display";

/**
 * Each member's recent votes, folded in <details> (no JavaScript needed) so fifteen lists do not
 * bury the table; the whole record is on the member's scorecard.
 */
export function CouncilRecords({ members }: { members: CouncilMember[] }) {
  const { t, locale } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <section aria-labelledby="records-heading">
      <h2 id="records-heading">{t("council.recordHeading")}</h2>
      {members.map((member) => {
        const total = member.counts.yes + member.counts.no + member.counts.abstain + member.counts.absent;
        const scorecard = localized(`/countries/${member.country.iso3}`);
        return (
          <details key={member.country.iso3} className="member-record">
            <summary>
              <CountryName country={member.country} />
              {" · "}
              {t("council.recordSummary", { count: total })}
            </summary>
            {member.recent.length > 0 ? (
              <ul>
                {member.recent.map(({ vote, choice }) => (
                  <li key={vote.id}>
                    <VoteDate date={vote.votedOn} /> · <strong>{t(`votes.choice.${choice}`)}</strong> ·{" "}
                    <Link to={localized(`/votes/${vote.id}`)} lang="en">
                      {vote.title}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
            {total > COUNCIL_RECORD_LIMIT ? (
              <p>{t("council.recentOnly", { count: COUNCIL_RECORD_LIMIT })}</p>
            ) : null}
            <p>
              <Link to={scorecard}>{t("council.fullRecord", { country: member.country.names[locale] })}</Link>
            </p>
          </details>
        );
      })}
    </section>
  );
}
