import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SignForm } from "~/components/sign-form";
import { SignatureCount } from "~/components/signature-count";
import { localizePath } from "~/i18n/locales";
import { useTranslation } from "~/i18n/hooks";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { findLiveCampaignForSigning, findPublicCampaign } from "~/models/campaign.server";
import { listMemberStates } from "~/models/country.server";
import { countSignatures } from "~/models/signature.server";
import { formShownToken } from "~/utils/form-timing.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";
import { submitSignature } from "~/models/signing.server";

// A compact sign form and counter that partner sites put in an iframe. This route alone may be
// framed (see security-headers.server.ts); it still loads nothing from any other origin.
export const handle: PageHandle = { embed: true, shared: true, scripts: ["sign-form"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign?.signingOpen) throw new Response("Not Found", { status: 404 });
  const [counts, countries] = await Promise.all([countSignatures(campaign.id), listMemberStates(locale)]);
  return {
    title: campaign.title,
    textLocale: campaign.textLocale,
    goal: campaign.signatureGoal,
    total: counts.total,
    countries,
    formShown: formShownToken(campaign.id),
    namesShown: campaign.privacyMode !== "at_risk",
    fullUrl: localizePath(locale, `/campaigns/${campaign.slug}`),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  const campaign = await findLiveCampaignForSigning(params.slug ?? "");
  if (!campaign) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const result = await submitSignature(
    form,
    campaign.id,
    getRequestLocale(request),
    context,
    campaign.privacyMode,
  );
  return data(result, { status: result.ok ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, { text: args.data?.title ?? "" });

export default function EmbeddedCampaign() {
  const { title, textLocale, goal, total, countries, formShown, namesShown, fullUrl } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="embed-title" lang={textLocale}>
        {title}
      </h1>
      <SignatureCount total={total} goal={goal} />
      {result?.ok ? (
        <div role="status">
          <h2>{t("embed.signedTitle")}</h2>
          <p>{t("check.body")}</p>
        </div>
      ) : (
        <SignForm
          namesShown={namesShown}
          countries={countries}
          formShown={formShown}
          values={result && !result.ok ? result.values : undefined}
          errors={result && !result.ok ? result.errors : undefined}
        />
      )}
      <p>
        <a href={fullUrl} target="_blank" rel="noopener noreferrer">
          {t("embed.readFull")}
        </a>
      </p>
    </>
  );
}
