import { Link } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

type Org = { name: string; postalAddress: string; contactEmail: string };

export function SiteFooter({ org }: { org: Org }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p className="site-footer__org">{org.name}</p>
        <address>
          <span className="visually-hidden">{t("footer.addressLabel")}: </span>
          {org.postalAddress}
        </address>
        <ul className="site-footer__links">
          <li>
            <Link to={localized("/privacy")}>{t("footer.privacy")}</Link>
          </li>
          <li>
            <a href={`mailto:${org.contactEmail}`}>{t("footer.contact")}</a>
          </li>
        </ul>
        <p className="site-footer__note">{t("footer.noTracking")}</p>
      </div>
    </footer>
  );
}
