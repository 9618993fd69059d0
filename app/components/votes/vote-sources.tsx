import { useTranslation } from "~/i18n/hooks";
import type { VoteSummary } from "~/models/un-vote.server";

/** A UN document by its symbol, through the UN's own resolver (it picks the reader's UN language). */
function undocsUrl(symbol: string): string {
  return `https://undocs.org/${encodeURI(symbol.trim())}`;
}

type Props = { vote: Pick<VoteSummary, "undlId" | "meeting" | "resolution" | "draft"> };

/** Links to the UN's own record of a vote: plain links, nothing loaded from the UN into our page. */
export function VoteSources({ vote }: Props) {
  const { t } = useTranslation();
  const links: { href: string; text: string }[] = [];
  if (vote.undlId) {
    links.push({
      href: `https://digitallibrary.un.org/record/${encodeURIComponent(vote.undlId)}`,
      text: t("votes.source.undl"),
    });
  }
  links.push({ href: undocsUrl(vote.meeting), text: t("votes.source.meeting", { symbol: vote.meeting }) });
  if (vote.resolution) {
    links.push({
      href: undocsUrl(vote.resolution),
      text: t("votes.source.document", { symbol: vote.resolution }),
    });
  }
  if (vote.draft)
    links.push({ href: undocsUrl(vote.draft), text: t("votes.source.draft", { symbol: vote.draft }) });
  return (
    <section aria-labelledby="sources-heading">
      <h2 id="sources-heading">{t("votes.sourcesHeading")}</h2>
      <ul className="vote-sources">
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} rel="noopener noreferrer">
              {link.text}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
