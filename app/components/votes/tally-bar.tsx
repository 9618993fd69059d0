import { useTranslation } from "~/i18n/hooks";
import { tallyShares, VOTE_CHOICES, type VoteChoiceName } from "~/utils/un-vote-display";

/**
 * The tally as text (what a screen reader and a print read), a bar drawn on the server as SVG (the
 * CSP allows no inline style, and SVG geometry is attributes), and a legend that repeats each
 * number beside its colour, so colour is never the only cue.
 */
export function TallyBar({ totals }: { totals: Record<VoteChoiceName, number> }) {
  const { t } = useTranslation();
  const shares = tallyShares(totals);
  const shown = VOTE_CHOICES.filter((choice) => totals[choice] > 0);
  let x = 0;
  return (
    <figure className="tally">
      <figcaption className="tally__text">{t("votes.tally", totals)}</figcaption>
      {shown.length > 0 ? (
        <>
          <svg
            className="tally__bar"
            viewBox="0 0 100 4"
            preserveAspectRatio="none"
            aria-hidden="true"
            focusable="false"
          >
            {shown.map((choice) => {
              const rect = (
                <rect
                  key={choice}
                  className={`tally__${choice}`}
                  x={x}
                  y={0}
                  width={shares[choice]}
                  height={4}
                />
              );
              x += shares[choice];
              return rect;
            })}
          </svg>
          <ul className="tally__legend" aria-hidden="true">
            {shown.map((choice) => (
              <li key={choice}>
                <span className={`tally__swatch tally__${choice}`} /> {t(`votes.choice.${choice}`)}{" "}
                {totals[choice]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </figure>
  );
}
