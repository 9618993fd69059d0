import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SignForm } from "~/components/sign-form";
import { SignatureCount } from "~/components/signature-count";
import { localizePath } from "~/i18n/locales";
import { useTranslation } from "~/i18n/hooks";
import { findCampaignForRequest, findCampaignForSigning } from "~/models/campaign-page.server";
import { listMemberStates } from "~/models/country.server";
import { countSignatures } from "~/models/signature.server";
import { formShownToken } from "~/utils/form-timing.server";
import { pageMeta } from "~/utils/meta";
import { submitSignature } from "~/utils/sign-submission.server";

// A compact sign form and counter that partner sites put in an iframe. This route alone may be
// framed (see security-headers.server.ts); it still loads nothing from any other origin.
export const handle = { embed: true };

async function loadCampaign(request: Request, params: LoaderFunctionArgs["params"]) {
  const found = await findCampaignForRequest(request, params);
  if (found.campaign.status !== "live") throw new Response("Not Found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, locale } = await loadCampaign(request, params);
  const [counts, countries] = await Promise.all([countSignatures(campaign.id), listMemberStates(locale)]);
  return data(
    {
      title: campaign.title,
      textLocale: campaign.textLocale,
      goal: campaign.signatureGoal,
      total: counts.total,
      countries,
      formShown: formShownToken(),
      fullUrl: localizePath(locale, `/campaigns/${campaign.slug}`),
    },
    { headers: { "Cache-Control": "public, max-age=0, s-maxage=5, stale-while-revalidate=30" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { campaign, locale } = await findCampaignForSigning(request, params);
  const result = await submitSignature(await request.formData(), campaign.id, locale, context);
  return data(result, { status: result.ok ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, { text: args.data?.title ?? "" });

export default function EmbeddedCampaign() {
  const { title, textLocale, goal, total, countries, formShown, fullUrl } = useLoaderData<typeof loader>();
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
