import { Link } from "@remix-run/react";
import { DonateForm } from "~/components/donate/donate-form";
import type { DonateErrors } from "~/components/donate/field-error";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import type { DonatePage as DonatePageModel, DonationRedisplay } from "~/models/donation.server";

/** What the page shows of the loader's data (loadDonatePage). */
export type DonatePageData = Pick<
  DonatePageModel,
  "campaign" | "currencies" | "presets" | "defaultCurrency" | "formShown" | "koreanReceipts"
>;

/** What the action sends back when it does not redirect to the payment page. */
export type DonateActionData =
  { busy: true } | { busy: false; errors: DonateErrors; values: DonationRedisplay };

/** The general donate page and a campaign's: the same page, the campaign named when there is one. */
export function DonatePage({ page, acted }: { page: DonatePageData; acted?: DonateActionData }) {
  const { t } = useTranslation();
  const localized = useLocalizedPath();
  const { campaign } = page;
  const failed = acted && !acted.busy ? acted : undefined;
  return (
    <>
      <h1>{campaign ? t("donate.campaignTitle", { campaign: campaign.title }) : t("donate.title")}</h1>
      <p className="lead">{t(campaign ? "donate.campaignIntro" : "donate.intro")}</p>
      {acted?.busy ? (
        <p className="form-error" role="alert">
          {t("donate.error.busy")}
        </p>
      ) : null}
      <DonateForm
        currencies={page.currencies}
        presets={page.presets}
        defaultCurrency={page.defaultCurrency}
        formShown={page.formShown}
        campaignSlug={campaign?.slug ?? null}
        koreanReceipts={page.koreanReceipts}
        values={failed?.values}
        errors={failed?.errors}
      />
      {campaign ? (
        <p>
          <Link to={localized(`/campaigns/${campaign.slug}`)}>{t("donate.thanks.backToCampaign")}</Link>
        </p>
      ) : null}
    </>
  );
}
