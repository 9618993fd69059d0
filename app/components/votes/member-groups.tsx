import { CountryName } from "~/components/votes/vote-text";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { MemberChoice } from "~/models/un-vote.server";
import { VOTE_CHOICES } from "~/utils/un-vote-display";

/** Every member's vote, grouped yes / no / abstain / non-voting, each group in the order given. */
export function MemberGroups({ members }: { members: MemberChoice[] }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <div className="member-groups">
      {VOTE_CHOICES.map((choice) => {
        const group = members.filter((member) => member.choice === choice);
        if (group.length === 0) return null;
        return (
          <section
            key={choice}
            className={`member-group member-group--${choice}`}
            aria-labelledby={`group-${choice}`}
          >
            <h3 id={`group-${choice}`}>
              {t("votes.group", { choice: t(`votes.choice.${choice}`), count: group.length })}
            </h3>
            <ul className="member-group__list">
              {group.map((member) => (
                <li key={member.country.iso3} data-iso3={member.country.iso3}>
                  <CountryName
                    country={member.country}
                    link={localized(`/countries/${member.country.iso3}`)}
                  />
                  {member.permanent ? (
                    <span className="member-group__mark"> {t("votes.permanentMark")}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
