import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignArticle } from "~/components/campaign-article";
import { getMessages } from "~/i18n/catalog.server";
import { PublicLanguage, useLocalizedPath } from "~/i18n/hooks";
import { isLocale, LOCALES } from "~/i18n/locales";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { findCampaignForPreview } from "~/models/campaign.server";
import { campaignPageFor } from "~/models/campaign-page.server";
import { requireStaff } from "~/models/staff-session.server";
import campaignStyles from "~/styles/staff-campaigns.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: campaignStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

// The campaign page exactly as the public would get it in `$locale` (same data, same component),
// for any state, drafts included; only signing is replaced by a notice.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "viewer");
  assertLangParam(params);
  const locale = params.locale;
  if (!isLocale(locale)) throw new Response("Not Found", { status: 404 });
  const campaign = await findCampaignForPreview(params.id ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const page = await campaignPageFor(campaign, locale);
  return { id: params.id ?? "", locale, page, messages: getMessages(locale) };
}

export default function CampaignPreview() {
  const { id, locale, page, messages } = useLoaderData<typeof loader>();
  const { t, locale: staffLocale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const language = t(`staff.campaigns.language.${locale}`);
  return (
    <>
      <div className="campaign-preview-banner" role="note">
        {/* Not a heading: the previewed page brings its own h1, as it has in public. */}
        <p className="campaign-preview-banner__title">
          <strong>{t("staff.campaigns.preview.title", { language })}</strong>
        </p>
        <p>
          {t("staff.campaigns.preview.banner", {
            language,
            status: t(`staff.campaigns.status.${page.campaign.status}`),
          })}
        </p>
        <p>
          <Link to={localized(`/admin/campaigns/${id}`)}>{t("staff.campaigns.preview.back")}</Link>
          {" · "}
          {t("staff.campaigns.preview.otherLanguages")}:{" "}
          {LOCALES.filter((other) => other !== locale).map((other, index) => (
            <span key={other}>
              {index > 0 ? ", " : null}
              <Link to={localized(`/admin/campaigns/${id}/preview/${other}`)}>
                {t(`staff.campaigns.language.${other}`)}
              </Link>
            </span>
          ))}
        </p>
      </div>
      <div className="campaign-preview" lang={locale}>
        <PublicLanguage value={{ locale, messages }}>
          <CampaignArticle
            page={page}
            signingReplacement={
              <p className="notice campaign-preview-signing" lang={staffLocale}>
                {t("staff.campaigns.preview.signingDisabled")}
              </p>
            }
          />
        </PublicLanguage>
      </div>
    </>
  );
}
