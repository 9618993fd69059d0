import { Link } from "@remix-run/react";
import { VoteOutcome } from "~/components/votes/vote-outcome";
import { CountryName, VoteDate } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { CountryRef, VoteSummary } from "~/models/un-vote.server";

type Dissent = { vote: VoteSummary; no: CountryRef[]; abstain: CountryRef[] };

/** The recorded votes on which a member seated now voted no or abstained: whom to lobby first. */
export function CouncilDissent({ dissent }: { dissent: Dissent[] }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <section aria-labelledby="dissent-heading">
      <h2 id="dissent-heading">{t("council.dissentHeading")}</h2>
      {dissent.length === 0 ? (
        <p>{t("council.noDissent")}</p>
      ) : (
        <>
          <p>{t("council.dissentIntro")}</p>
          <ol className="vote-list">
            {dissent.map(({ vote, no, abstain }) => (
              <li key={vote.id} className="vote-list__item" data-vote={vote.id}>
                <p className="vote-list__meta">
                  <VoteDate date={vote.votedOn} /> · {t(`votes.bodyShort.${vote.body}`)} ·{" "}
                  <VoteOutcome vote={vote} />
                </p>
                <h3 className="vote-list__title" lang="en">
                  <Link to={localized(`/votes/${vote.id}`)}>{vote.title}</Link>
                </h3>
                <dl className="dissent">
                  {(["no", "abstain"] as const).map((choice) =>
                    (choice === "no" ? no : abstain).length > 0 ? (
                      <div key={choice} className={`dissent__${choice}`}>
                        <dt>{t(`votes.choice.${choice}`)}</dt>
                        {(choice === "no" ? no : abstain).map((country) => (
                          <dd key={country.iso3} data-iso3={country.iso3}>
                            <CountryName country={country} />
                          </dd>
                        ))}
                      </div>
                    ) : null,
                  )}
                </dl>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
