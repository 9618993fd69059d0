import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { SignFormErrors, SignFormValues } from "~/components/sign-form";
import { isLocale, negotiateLocale, samePrefixAs, splitLocalePath, type Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/translate";
import { assessSignature, useOnce } from "~/models/abuse.server";
import { findLiveCampaignForSigning } from "~/models/campaign.server";
import { isMemberState } from "~/models/country.server";
import { signPetition } from "~/models/signature.server";
import { verifySignChallenge } from "~/services/proof-of-work.server";
import { formFillMillis } from "~/utils/form-timing.server";

// The sign form's rules, for every page that carries the form (the campaign page, the embed).
// Each message is a catalogue key, so errors reach the signer in their language.
export const SignFormSchema = z.object({
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

export type SignSubmission = { ok: true } | { ok: false; errors: SignFormErrors; values: SignFormValues };

/** A posted form: FormData from Remix, or URLSearchParams from the fast path. */
type PostedForm = { get(name: string): FormDataEntryValue | null };
/** Where a signature came from, for the abuse checks. */
type SignerOrigin = Pick<AppLoadContext, "ipHash" | "clientIp">;

/** Why a valid signature should be flagged, or null. */
async function judgeSignature(form: PostedForm, campaignId: string, email: string, origin: SignerOrigin) {
  if (String(form.get("website") ?? "") !== "") return "honeypot";
  const fillMs = formFillMillis(String(form.get("shown") ?? ""));
  if (fillMs === null || fillMs < MIN_FILL_MS) return "too-fast";
  const { flagReason, challenge } = await assessSignature({ campaignId, email, ...origin });
  if (flagReason || !challenge) return flagReason;
  // Under abnormal load only a solved challenge, used once, counts. Without JavaScript there is
  // none: the signature is kept for staff to review rather than refused.
  const solved = await verifySignChallenge(String(form.get("pow") ?? ""));
  return solved && (await useOnce(solved.signature, solved.expiresAt)) ? null : "challenge-unsolved";
}

/** Validates a posted sign form and, when it is valid, records the signature (flagged if suspect). */
export async function submitSignature(
  form: PostedForm,
  campaignId: string,
  locale: Locale,
  context: SignerOrigin,
): Promise<SignSubmission> {
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
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const input = parsed.data;
  const country = input.country === "OTHER" ? null : input.country;
  // Accepted either way, so a bot learns nothing; flagged signatures are kept but never counted.
  const flagReason = await judgeSignature(form, campaignId, input.email, context);
  await signPetition({
    campaignId,
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
  return { ok: true };
}

export type CampaignPageSigning =
  | { status: "not-found" }
  | { status: "invalid"; errors: SignFormErrors; values: SignFormValues }
  | { status: "signed"; next: string };

/**
 * A sign form posted to a campaign page (`pathname`, with or without its locale prefix): the
 * campaign must be live; a valid signature goes on to the check-your-inbox page.
 */
export async function signAtCampaignPage(post: {
  pathname: string;
  slug: string;
  locale: Locale;
  form: PostedForm;
  origin: SignerOrigin;
}): Promise<CampaignPageSigning> {
  const campaign = await findLiveCampaignForSigning(post.slug);
  if (!campaign) return { status: "not-found" };
  const result = await submitSignature(post.form, campaign.id, post.locale, post.origin);
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
