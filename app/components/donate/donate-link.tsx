import { Link } from "@remix-run/react";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";

/** The campaign page's way to its donate page, just below the sign form. */
export function DonateLink({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  return (
    <p className="donate-link">
      <Link to={localized(`/campaigns/${slug}/donate`)}>{t("donate.campaignLink")}</Link>
    </p>
  );
}
