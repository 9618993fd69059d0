// Signing a petition, across the models it touches: the form's rules, the abuse checks, the
// proof of work under load, and the signature itself. The campaign page's action, the embed's and
// the fast path before Remix (docs/decisions/0012) all sign through submitSignature.
import type { AppLoadContext } from "@remix-run/node";
import type { PrivacyMode } from "~/generated/prisma/client";
import { isLocale, negotiateLocale, samePrefixAs, splitLocalePath, type Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";
import { assessSignature, BOT_FLAG_REASONS, mayEmailAbout, useOnce } from "~/models/abuse.server";
import { findLiveCampaignForSigning, findPublicCampaign } from "~/models/campaign.server";
import { isMemberState } from "~/models/country.server";
import { renewConfirmationLink, signPetition } from "~/models/signature.server";
import { verifySignChallenge } from "~/services/proof-of-work.server";
import { canonicalEmail } from "~/utils/email-address";
import { emailKey } from "~/utils/email-key.server";
import { readFormTiming } from "~/utils/form-timing.server";
import {
  SIGN_FORM_FIELDS,
  SignFormSchema,
  type SignFormErrors,
  type SignFormValues,
} from "~/utils/sign-form";

// People need several seconds to read and fill in the form; a faster post is a script.
const MIN_FILL_MS = 3_000;

export type SignSubmission = { ok: true } | { ok: false; errors: SignFormErrors; values: SignFormValues };

/** A posted form: FormData from Remix, or URLSearchParams from the fast path. */
type PostedForm = { get(name: string): FormDataEntryValue | null };
/** Where a signature came from, for the abuse checks. */
type SignerOrigin = Pick<AppLoadContext, "ipHash" | "clientIp">;

type Judgement = { flagReason: string | null; mayEmail: boolean };

/** Why a valid signature should be flagged (or null), and whether its address may be emailed. */
async function judgeSignature(
  form: PostedForm,
  campaignId: string,
  email: string,
  formToken: string,
  fillMs: number,
  origin: SignerOrigin,
): Promise<Judgement> {
  if (String(form.get("website") ?? "") !== "") return { flagReason: "honeypot", mayEmail: false };
  if (fillMs < MIN_FILL_MS) return { flagReason: "too-fast", mayEmail: false };
  const assessment = await assessSignature({
    campaignId,
    email,
    emailKey: emailKey(email),
    formToken,
    ...origin,
  });
  const { challenge, mayEmail } = assessment;
  if (assessment.flagReason || !challenge) return { flagReason: assessment.flagReason, mayEmail };
  // Under abnormal load only a solved challenge, used once, counts. Without JavaScript there is
  // none: the signature is kept for staff to review rather than refused, and its email still goes.
  const solved = await verifySignChallenge(String(form.get("pow") ?? ""));
  const used = solved && (await useOnce(solved.signature, solved.expiresAt));
  return { flagReason: used ? null : "challenge-unsolved", mayEmail };
}

function readValues(form: PostedForm): SignFormValues {
  return Object.fromEntries(
    SIGN_FORM_FIELDS.flatMap((field) => {
      const value = form.get(field);
      return typeof value === "string" ? [[field, value.slice(0, 300)]] : [];
    }),
  );
}

/** Validates a posted sign form and, when it is valid, records the signature (flagged if suspect). */
export async function submitSignature(
  form: PostedForm,
  campaignId: string,
  locale: Locale,
  context: SignerOrigin,
  privacyMode: PrivacyMode = "normal",
): Promise<SignSubmission> {
  const values = readValues(form);
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
  const formToken = String(form.get("shown") ?? "");
  const timing = readFormTiming(formToken, campaignId);
  // A page left open for hours: the signer is asked to send it again (the page comes with a new
  // token), nothing is recorded and nobody is emailed.
  if (timing.status === "expired") errors.form = "sign.error.formExpired";
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const input = parsed.data;
  const email = canonicalEmail(input.email);
  const country = input.country === "OTHER" ? null : input.country;
  // Accepted either way, so a bot learns nothing; flagged signatures are kept but never counted.
  const { flagReason, mayEmail } =
    timing.status === "ok"
      ? await judgeSignature(form, campaignId, email, formToken, timing.fillMs, context)
      : { flagReason: "bad-form-token", mayEmail: false };
  await signPetition({
    campaignId,
    name: input.name,
    email,
    countryIso3: country,
    postcode: input.postcode || null,
    // An at-risk campaign never shows a signer's name, whatever was posted; stored that way too, so
    // nothing made from the signatures later (exports, delivery packs) can show it by mistake.
    displayChoice: privacyMode === "at_risk" ? "anonymous" : input.display,
    // Signers from the DPRK are always shown anonymously, whatever the radio said: exposure can
    // endanger their families.
    fromDprk: input.fromDprk === "on" || country === "PRK",
    locale,
    wantsUpdates: input.updates === "on",
    ipHash: context.ipHash || null,
    flagReason,
    sendEmail: mayEmail && !(flagReason && BOT_FLAG_REASONS.has(flagReason)),
  });
  return { ok: true };
}

export type CampaignPageSigning =
  | { status: "not-found" }
  | { status: "closed" }
  | { status: "invalid"; errors: SignFormErrors; values: SignFormValues }
  | { status: "signed"; next: string };

/**
 * A sign form posted to a campaign page (`pathname`, with or without its locale prefix): the
 * campaign must be live and before its deadline (a closed one is "closed", so the page can say
 * that signing has closed); a valid signature goes on to the check-your-inbox page.
 */
export async function signAtCampaignPage(post: {
  pathname: string;
  slug: string;
  locale: Locale;
  form: PostedForm;
  origin: SignerOrigin;
}): Promise<CampaignPageSigning> {
  const campaign = await findLiveCampaignForSigning(post.slug);
  if (!campaign) {
    // Only refused posts get here, so the extra look-up costs nothing at a spike.
    return (await findPublicCampaign(post.slug, post.locale))
      ? { status: "closed" }
      : { status: "not-found" };
  }
  const result = await submitSignature(
    post.form,
    campaign.id,
    post.locale,
    post.origin,
    campaign.privacyMode,
  );
  if (!result.ok) return { status: "invalid", errors: result.errors, values: result.values };
  return { status: "signed", next: samePrefixAs(post.pathname, `/campaigns/${campaign.slug}/check-email`) };
}

const CAMPAIGN_PAGE_PATH = /^(?:\/([a-z]{2}))?\/campaigns\/([a-z0-9-]{1,100})$/;

/**
 * The fast path for the campaign page's form (docs/decisions/0012): a plain form POST, taken before
 * Remix's router, which costs more CPU than the rest of signing. Returns where to redirect once a
 * signature is accepted; null for anything else (another path, a closed campaign, field errors),
 * which Remix then handles from the start, so errors render exactly as they always do.
 */
export async function acceptCampaignPageSignature(post: {
  pathname: string;
  acceptLanguage: string | null;
  body: string;
  origin: SignerOrigin;
}): Promise<string | null> {
  const match = CAMPAIGN_PAGE_PATH.exec(post.pathname);
  if (!match) return null;
  const [, prefix, slug = ""] = match;
  if (prefix !== undefined && !isLocale(prefix)) return null;
  const result = await signAtCampaignPage({
    pathname: post.pathname,
    slug,
    locale: splitLocalePath(post.pathname).locale ?? negotiateLocale(post.acceptLanguage),
    form: new URLSearchParams(post.body),
    origin: post.origin,
  });
  return result.status === "signed" ? result.next : null;
}

/** "Send me a new link" from an expired confirmation page, within the address's email caps. */
export function renewConfirmation(token: string): Promise<boolean> {
  return renewConfirmationLink(token, (campaignId, email) => mayEmailAbout(campaignId, emailKey(email)));
}
