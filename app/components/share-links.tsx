import { useTranslation } from "~/i18n/hooks";

/** Plain links to share a page: no third-party scripts, nothing loads until someone clicks. */
export function ShareLinks({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(title);
  const links = [
    ["X", `https://x.com/intent/post?url=${u}&text=${text}`],
    ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ["LINE", `https://social-plugins.line.me/lineit/share?url=${u}`],
  ] as const;
  return (
    <section aria-labelledby="share-heading" className="share">
      <h2 id="share-heading">{t("campaign.share")}</h2>
      <ul className="share__links">
        {links.map(([name, href]) => (
          <li key={name}>
            <a href={href} rel="noopener noreferrer" target="_blank">
              {name}
            </a>
          </li>
        ))}
        <li>
          <a href={`mailto:?subject=${text}&body=${u}`}>{t("campaign.shareEmail")}</a>
        </li>
      </ul>
    </section>
  );
}
