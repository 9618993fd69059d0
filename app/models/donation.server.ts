// Starting a gift: the donate form becomes a pending Donation row and a Stripe Checkout Session on
// Stripe's hosted page. Nothing here ever marks a gift paid: only webhooks do
// (app/models/stripe-event.server.ts). A request that fails validation, is flagged or is over a
// limit costs nothing: no row, no Stripe Customer or Session, no email.
import type { AppLoadContext } from "@remix-run/node";
import type Stripe from "stripe";
import type { DonationKind, DonationStatus } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { hitRateLimits, raiseAlarm, useOnce } from "~/models/abuse.server";
import { findPublicCampaign } from "~/models/campaign.server";
import { koreanReceiptsOffered, recordKoreanReceiptRequest } from "~/models/korean-receipt.server";
import { verifySignChallenge } from "~/services/proof-of-work.server";
import { getStripe, paymentsEnabled } from "~/services/stripe.server";
import { getPrisma } from "~/utils/db.server";
import {
  donationFormValues,
  validateDonation,
  type DonationField,
  type DonationFieldError,
  type DonationFormValues,
  type ValidDonation,
} from "~/utils/donation-form";
import { getEnv } from "~/utils/env.server";
import {
  KOREAN_RECEIPT_FIELDS,
  validateKoreanReceipt,
  type KoreanReceiptField,
} from "~/utils/korean-receipt-form";
import { formShownToken, readFormTiming, type FormTiming } from "~/utils/form-timing.server";
import { log } from "~/utils/logger.server";
import { CURRENCIES, defaultCurrency, donationLimits, PRESETS, type CurrencyCode } from "~/utils/money";

const FORM_PURPOSE = "donate";
// A person needs several seconds to fill in the form; a faster post is a script.
const MIN_FILL_MS = 3_000;

/**
 * Checkout Sessions a network or a campaign may open. Card testers try many small gifts from one
 * place; a real donor opens one or two. Above the campaign's limit every donor is asked to come
 * back in a few minutes, which costs a real donor little and a card-testing run its rate.
 */
export const DONATE_LIMITS = {
  windowSeconds: 3_600,
  perIp: 10,
  campaignWindowSeconds: 600,
  perCampaign: 600,
};

/**
 * Abnormal load, below those limits, when a donor must also send a solved proof of work (ALTCHA,
 * as signing does: docs/decisions/0013), else is asked to enable JavaScript or come back later.
 * - A network that has already opened 3 sessions this hour: a household gives once, rarely twice
 *   after a declined card; a card tester tries card after card from one place.
 * - A campaign (or the general page) past 60 in 10 minutes (6 a minute, 360 an hour): far above
 *   what an appeal brings a small organisation even in the hour after a mailing, and a tenth of the
 *   hard limit, so a distributed card-testing run pays 25,000 hashes a try long before it is cut
 *   off. Once crossed, the challenge stays on for `campaignAlarmSeconds`, so the next window's first
 *   60 tries are not free. With JavaScript a real donor never sees it: it is solved while they type.
 * Both are read from the counters the limits already hit: no extra query for a normal donation.
 */
export const DONATE_CHALLENGE = {
  perIp: 3,
  perCampaign: 60,
  campaignAlarmSeconds: 1_800,
};

/** The rate-limit rows of a donation: its network's hour, its campaign's 10 minutes, its alarm. */
export function donateKeys(campaignId: string | null, ipHash: string) {
  const campaign = campaignId ?? "general";
  return {
    ip: `donate:ip:${ipHash}`,
    campaign: `donate:campaign:${campaign}`,
    alarm: `alarm:donate:${campaign}`,
  };
}

/**
 * Payment methods per currency for the account's own settings to offer. Stripe chooses among the
 * methods enabled on the account; these are excluded where they cannot work: monthly gifts only
 * with methods that can be charged again (no konbini, PayPay, PAYCO or Samsung Pay).
 */
const ONE_OFF_ONLY_METHODS = ["konbini", "paypay", "payco", "samsung_pay"] as const;

type Origin = Pick<AppLoadContext, "ipHash" | "clientIp">;

export type DonatePage = {
  campaign: { id: string; slug: string; title: string } | null;
  currencies: readonly CurrencyCode[];
  presets: Record<CurrencyCode, number[]>;
  limits: Record<CurrencyCode, { min: number; max: number }>;
  defaultCurrency: CurrencyCode;
  settlementCurrency: CurrencyCode;
  formShown: string;
  /** Whether the form offers a Korean donation receipt (DONOR_DATA_KEY is set). */
  koreanReceipts: boolean;
};

export async function liveCampaign(slug: string, locale: Locale) {
  const campaign = await findPublicCampaign(slug, locale);
  return campaign && campaign.status === "live" ? campaign : null;
}

/** What the donate form shows, or null when there is no such live campaign or payments are off. */
export async function loadDonatePage(
  locale: Locale,
  campaignSlug: string | null,
): Promise<DonatePage | null> {
  if (!paymentsEnabled()) return null;
  const campaign = campaignSlug ? await liveCampaign(campaignSlug, locale) : null;
  if (campaignSlug && !campaign) return null;
  const settlement = getEnv().STRIPE_SETTLEMENT_CURRENCY;
  const limits = Object.fromEntries(
    CURRENCIES.map((c) => [c, donationLimits(c, settlement)]),
  ) as DonatePage["limits"];
  return {
    campaign: campaign ? { id: campaign.id, slug: campaign.slug, title: campaign.title } : null,
    currencies: CURRENCIES,
    presets: PRESETS,
    limits,
    defaultCurrency: defaultCurrency(locale),
    settlementCurrency: settlement,
    formShown: formShownToken(FORM_PURPOSE),
    koreanReceipts: koreanReceiptsOffered(),
  };
}

type FieldErrors = Partial<Record<DonationField | KoreanReceiptField | "form", DonationFieldError>>;
/** What was typed, for redisplay; never the resident registration number. */
export type DonationRedisplay = DonationFormValues &
  Partial<Record<Exclude<KoreanReceiptField, "krRrn">, string>>;

export type DonationRequest =
  | { ok: true; checkoutUrl: string }
  | { ok: false; errors: FieldErrors; values: DonationRedisplay }
  | { ok: false; busy: true };

function koreanReceiptValues(form: FormData): Partial<Record<KoreanReceiptField, string>> {
  const values: Partial<Record<KoreanReceiptField, string>> = {};
  for (const field of KOREAN_RECEIPT_FIELDS) {
    const value = form.get(field);
    if (typeof value === "string") values[field] = value.slice(0, 400);
  }
  return values;
}

type PostedForm = { get(name: string): FormDataEntryValue | null };

/**
 * Why a valid request should reach no further (a script, over a limit, or under abnormal load
 * without a solved, unused challenge: "challenge-unsolved"), or null.
 */
async function refusal(
  form: PostedForm,
  timing: FormTiming,
  campaignId: string | null,
  origin: Origin,
): Promise<string | null> {
  if (timing.status !== "ok") return "bad-form-token";
  if (String(form.get("website") ?? "") !== "") return "honeypot";
  if (timing.fillMs < MIN_FILL_MS) return "too-fast";
  const keys = donateKeys(campaignId, origin.ipHash);
  const hits = [
    { key: keys.ip, windowSeconds: DONATE_LIMITS.windowSeconds },
    { key: keys.campaign, windowSeconds: DONATE_LIMITS.campaignWindowSeconds },
  ];
  // Both counters and the campaign's challenge alarm in one statement, as on the sign path.
  const { counts, alarmRaised } = await hitRateLimits(hits, Date.now(), keys.alarm);
  const [ipCount = 0, campaignCount = 0] = counts;
  if (ipCount > DONATE_LIMITS.perIp) return "ip-limit";
  if (campaignCount > DONATE_LIMITS.perCampaign) return "campaign-limit";
  // The try that first takes the campaign over raises the alarm (once, not for every try after).
  if (campaignCount === DONATE_CHALLENGE.perCampaign + 1) {
    await raiseAlarm(keys.alarm, DONATE_CHALLENGE.campaignAlarmSeconds);
  }
  const challenge =
    alarmRaised || ipCount > DONATE_CHALLENGE.perIp || campaignCount > DONATE_CHALLENGE.perCampaign;
  if (!challenge) return null;
  // Only now, under abnormal load: a solved challenge, ours, unexpired, and never used before.
  const solved = await verifySignChallenge(String(form.get("pow") ?? ""));
  const used = solved && (await useOnce(solved.signature, solved.expiresAt));
  return used ? null : "challenge-unsolved";
}

/**
 * Takes a posted donate form: field errors (among them `donate.error.challenge` under abnormal load
 * without a solved challenge); "busy" for a flagged or limited request (in both, nothing recorded,
 * Stripe not called); or the URL of a new Checkout Session for a pending Donation row.
 */
export async function requestDonation(
  form: FormData,
  origin: Origin,
  options: { locale: Locale; campaignSlug: string | null },
): Promise<DonationRequest> {
  const receiptValues = koreanReceiptsOffered() ? koreanReceiptValues(form) : {};
  const { krRrn: _typedNumber, ...receiptRedisplay } = receiptValues;
  const values: DonationRedisplay = { ...donationFormValues(form), ...receiptRedisplay };
  const campaign = options.campaignSlug ? await liveCampaign(options.campaignSlug, options.locale) : null;
  // The routes answer 404 for an unknown or closed campaign before calling this; refuse anyway.
  if (options.campaignSlug && !campaign) return { ok: false, busy: true };
  const checked = validateDonation(values, getEnv().STRIPE_SETTLEMENT_CURRENCY);
  const receipt = validateKoreanReceipt(receiptValues, values.currency);
  const errors: FieldErrors = {
    ...(checked.ok ? {} : checked.errors),
    ...(receipt.requested && !receipt.ok ? receipt.errors : {}),
  };
  // A page left open for hours: asked to send again (with a fresh token), nothing recorded.
  const timing = readFormTiming(String(form.get("shown") ?? ""), FORM_PURPOSE);
  if (timing.status === "expired") {
    errors.form = { key: "donate.error.formExpired" };
  }
  if (!checked.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const reason = await refusal(form, timing, campaign?.id ?? null, origin);
  // Without JavaScript (or before the browser solved it) under abnormal load: what was typed comes
  // back, with a request to enable JavaScript or send again in a few minutes.
  if (reason === "challenge-unsolved") {
    log.info("donation request refused", { reason });
    return { ok: false, errors: { form: { key: "donate.error.challenge" } }, values };
  }
  if (reason) {
    log.info("donation request refused", { reason });
    return { ok: false, busy: true };
  }
  const donation = await getPrisma().$transaction(async (tx) => {
    const row = await tx.donation.create({
      data: {
        kind: checked.gift.frequency === "monthly" ? "monthly" : "one_time",
        amount: checked.gift.amount,
        currency: checked.gift.currency,
        locale: options.locale,
        campaignId: campaign?.id ?? null,
        email: checked.gift.email,
        donorName: checked.gift.name,
        showName: checked.gift.showName,
        message: checked.gift.message,
      },
      select: { id: true },
    });
    if (receipt.requested && receipt.ok) await recordKoreanReceiptRequest(tx, row.id, receipt.details);
    return row;
  });
  try {
    const session = await getStripe().checkout.sessions.create(
      checkoutSessionParams(donation.id, checked.gift, {
        locale: options.locale,
        campaign: campaign ? { id: campaign.id, slug: campaign.slug, title: campaign.title } : null,
      }),
      // The donation's id: a retried request can never open a second session for one gift.
      { idempotencyKey: `donation-checkout:${donation.id}` },
    );
    await getPrisma().donation.update({
      where: { id: donation.id },
      data: { checkoutSessionId: session.id },
    });
    if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
    return { ok: true, checkoutUrl: session.url };
  } catch (error) {
    // The row stays pending with no session; the retention job removes such rows.
    log.warn("Stripe checkout session failed", {
      error: error instanceof Error ? error.message : String(error),
    });
    return { ok: false, errors: { form: { key: "donate.error.unavailable" } }, values };
  }
}

/** Where Stripe sends the donor back to, in their language: the thanks page, or the canceled page. */
function returnUrls(locale: Locale, campaignSlug: string | null) {
  const base = getEnv().APP_URL;
  const campaign = campaignSlug ? `?campaign=${encodeURIComponent(campaignSlug)}` : "";
  return {
    success_url: `${base}/${locale}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${base}/${locale}/donate/canceled${campaign}`,
  };
}

/** The product line a gift appears as on Stripe's page and statements. */
function productName(campaignTitle: string | null): string {
  const org = getEnv().ORG_NAME;
  return campaignTitle ? `${org}: ${campaignTitle}`.slice(0, 250) : org;
}

export function checkoutSessionParams(
  donationId: string,
  gift: ValidDonation,
  context: { locale: Locale; campaign: { id: string; slug: string; title: string } | null },
): Stripe.Checkout.SessionCreateParams {
  // Stripe drops empty metadata values, so a general gift carries no campaign_id at all.
  const metadata: Record<string, string> = {
    donation_id: donationId,
    ...(context.campaign ? { campaign_id: context.campaign.id } : {}),
  };
  const common = {
    ...returnUrls(context.locale, context.campaign?.slug ?? null),
    customer_email: gift.email,
    client_reference_id: donationId,
    locale: context.locale,
    metadata,
  } satisfies Stripe.Checkout.SessionCreateParams;
  const currency = gift.currency.toLowerCase();
  const name = productName(context.campaign?.title ?? null);
  if (gift.frequency === "monthly") {
    return {
      ...common,
      mode: "subscription",
      line_items: [
        {
          price_data: {
            currency,
            unit_amount: gift.amount,
            product_data: { name },
            recurring: { interval: "month" },
          },
          quantity: 1,
        },
      ],
      subscription_data: { metadata },
      excluded_payment_method_types: [...ONE_OFF_ONLY_METHODS],
    };
  }
  return {
    ...common,
    mode: "payment",
    submit_type: "donate",
    line_items: [{ price_data: { currency, unit_amount: gift.amount, product_data: { name } }, quantity: 1 }],
    payment_intent_data: { metadata },
  };
}

export type ThanksState = {
  status: DonationStatus;
  kind: DonationKind;
  amount: number;
  currency: CurrencyCode;
  campaignSlug: string | null;
  paymentMethodType: string | null;
};

/** What the success page shows: the gift as the webhooks have recorded it, never more. */
export async function findDonationForThanks(sessionId: string): Promise<ThanksState | null> {
  if (!/^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)) return null;
  const donation = await getPrisma().donation.findUnique({
    where: { checkoutSessionId: sessionId },
    select: {
      status: true,
      kind: true,
      amount: true,
      currency: true,
      paymentMethodType: true,
      campaign: { select: { slug: true } },
    },
  });
  if (!donation) return null;
  return {
    status: donation.status,
    kind: donation.kind,
    amount: donation.amount,
    currency: donation.currency,
    campaignSlug: donation.campaign?.slug ?? null,
    paymentMethodType: donation.paymentMethodType,
  };
}
