import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ShareLinks } from "~/components/share-links";
import { SignForm, type SignFormErrors, type SignFormValues } from "~/components/sign-form";
import { SignatureCount } from "~/components/signature-count";
import { TargetList } from "~/components/target-list";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { localizePath, splitLocalePath } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";
import { useTranslation } from "~/i18n/use-translation";
import { councilYear, findPublicCampaign } from "~/models/campaign.server";
import { countryNames, isMemberState, listMemberStates } from "~/models/country.server";
import { countSignatures, listRecentSigners, signPetition } from "~/models/signature.server";
import { formFillMillis, formShownToken } from "~/utils/form-timing.server";
import { pageMeta } from "~/utils/meta";

// The same schema checks the form here and, through its messages, names each field's error.
const SignFormSchema = z.object({
  name: z.string().trim().min(1, "sign.error.nameRequired").max(100, "sign.error.nameTooLong"),
  email: z.string().trim().max(254, "sign.error.emailInvalid").pipe(z.email("sign.error.emailInvalid")),
  country: z.string().regex(/^(?:[A-Z]{3}|OTHER)$/, "sign.error.countryInvalid"),
  postcode: z
    .string()
    .trim()
    .max(16, "sign.error.postcodeInvalid")
    .regex(/^[\p{L}\p{N} -]*$/u, "sign.error.postcodeInvalid")
    .optional(),
  display: z.enum(["full_name", "initials", "anonymous"], { error: "sign.error.displayInvalid" }),
  fromDprk: z.literal("on").optional(),
  updates: z.literal("on").optional(),
});

const FIELDS = ["name", "email", "country", "postcode", "display", "fromDprk", "updates"] as const;
// People need several seconds to read and fill in the form; a faster post is a script.
const MIN_FILL_MS = 3_000;

async function loadCampaign(request: Request, params: LoaderFunctionArgs["params"]) {
  assertLangParam(params);
  const locale = getRequestLocale(request);
  const campaign = await findPublicCampaign(params.slug ?? "", locale);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return { campaign, locale };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, locale } = await loadCampaign(request, params);
  const [counts, recentSigners, countries] = await Promise.all([
    countSignatures(campaign.id),
    listRecentSigners(campaign.id),
    listMemberStates(locale),
  ]);
  const names = await countryNames(Object.keys(counts.byCountry), locale);
  // A CDN may serve this page for a few seconds to everyone without a session; counts are live
  // at /api/campaigns/:slug.
  const cacheable = !request.headers.get("cookie");
  return data(
    {
      campaign,
      year: councilYear(),
      counts,
      countryNames: names,
      recentSigners,
      countries,
      formShown: formShownToken(),
      shareUrl: new URL(request.url).origin + localizePath(locale, `/campaigns/${campaign.slug}`),
    },
    {
      headers: {
        "Cache-Control": cacheable
          ? "public, max-age=0, s-maxage=5, stale-while-revalidate=30"
          : "private, no-store",
      },
    },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { campaign, locale } = await loadCampaign(request, params);
  const form = await request.formData();
  const values: SignFormValues = Object.fromEntries(
    FIELDS.flatMap((field) => {
      const value = form.get(field);
      return typeof value === "string" ? [[field, value.slice(0, 300)]] : [];
    }),
  );
  const parsed = SignFormSchema.safeParse(values);
  const errors: SignFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SignFormErrors;
      errors[field] ??= issue.message as MessageKey;
    }
  } else if (parsed.data.country !== "OTHER" && !(await isMemberState(parsed.data.country))) {
    errors.country = "sign.error.countryInvalid";
  }
  if (!parsed.success || Object.keys(errors).length > 0) {
    return data({ errors, values }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  const input = parsed.data;
  const country = input.country === "OTHER" ? null : input.country;
  // Accepted either way, so a bot learns nothing; flagged signatures are kept but never counted.
  const fillMs = formFillMillis(String(form.get("shown") ?? ""));
  const flagReason =
    String(form.get("website") ?? "") !== ""
      ? "honeypot"
      : fillMs === null || fillMs < MIN_FILL_MS
        ? "too-fast"
        : null;
  await signPetition({
    campaignId: campaign.id,
    name: input.name,
    email: input.email,
    countryIso3: country,
    postcode: input.postcode || null,
    // Signers from the DPRK are always shown anonymously, whatever the radio said: exposure can
    // endanger their families.
    displayChoice: input.fromDprk || country === "PRK" ? "anonymous" : input.display,
    locale,
    wantsUpdates: input.updates === "on",
    ipHash: context.ipHash || null,
    flagReason,
  });
  const { locale: prefix } = splitLocalePath(new URL(request.url).pathname);
  const next = `/campaigns/${campaign.slug}/check-email`;
  return redirect(prefix ? localizePath(prefix, next) : next, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, { text: args.data?.campaign.title ?? "" });

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
    </>
  );
}

export default function CampaignPage() {
  const {
    campaign,
    year,
    counts,
    countryNames: names,
    recentSigners,
    countries,
    formShown,
    shareUrl,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useTranslation();
  const number = new Intl.NumberFormat(locale);
  return (
    <article className="campaign">
      <div lang={campaign.textLocale}>
        <h1>{campaign.title}</h1>
        <p className="lead">{campaign.summary}</p>
      </div>
      <TargetList targets={campaign.targets} year={year} />
      <SignatureCount total={counts.total} goal={campaign.signatureGoal} />
      {campaign.status === "live" ? (
        <SignForm
          countries={countries}
          formShown={formShown}
          values={actionData?.values}
          errors={actionData?.errors}
        />
      ) : null}
      <section aria-labelledby="petition-heading" lang={campaign.textLocale}>
        <h2 id="petition-heading">{t("campaign.petitionHeading")}</h2>
        <div className="petition-text">
          <Paragraphs text={campaign.petition} />
        </div>
      </section>
      {campaign.background ? (
        <section aria-labelledby="background-heading" lang={campaign.textLocale}>
          <h2 id="background-heading">{t("campaign.backgroundHeading")}</h2>
          <Paragraphs text={campaign.background} />
        </section>
      ) : null}
      {recentSigners.length > 0 ? (
        <section aria-labelledby="signers-heading">
          <h2 id="signers-heading">{t("campaign.recentSigners")}</h2>
          <ul className="signers">
            {recentSigners.map((signer, index) => (
              <li key={index}>
                {signer.name ?? t("campaign.anonymousSigner")}
                {signer.countryIso3 && names[signer.countryIso3] ? ` · ${names[signer.countryIso3]}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {Object.keys(counts.byCountry).length > 0 ? (
        <section aria-labelledby="by-country-heading">
          <h2 id="by-country-heading">{t("campaign.byCountry")}</h2>
          <table className="by-country">
            <tbody>
              {Object.entries(counts.byCountry).map(([iso3, count]) => (
                <tr key={iso3}>
                  <th scope="row">{names[iso3] ?? t("campaign.otherCountries")}</th>
                  <td>{number.format(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <ShareLinks url={shareUrl} title={campaign.title} />
    </article>
  );
}
