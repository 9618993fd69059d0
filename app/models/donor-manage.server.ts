// How a monthly donor reaches Stripe's customer portal. A portal URL works for whoever holds it,
// so the donor first proves they read the mailbox the gift was given from: they type the address,
// and if a monthly gift was given from it we mail a link that works once, for 30 minutes. The page
// answers the same whether or not the address gave (THREATS.md: no page reveals who gave), and a
// flagged or capped request mails nobody. The link is a token naming the email delivery that
// carried it; the delivery's payload holds its expiry and, once pressed, when it was used.
//
// Whether the address gave is decided only when the email is composed, in the send-email job: the
// request itself does the same work for every address (queue one email), so its response time
// says nothing either. (Looking the gifts up in the request made an address that gave ~35 ms
// slower to answer, measured with 5,000 gifts.) An email for an address that never gave, or no
// longer gives, is composed to nothing and marked suppressed; retention deletes it later.
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { emailFooter } from "~/emails/compose.server";
import { formatDonationAmount, type DonationCurrency } from "~/emails/donation-format";
import { renderDonorManageLinkEmail } from "~/emails/donor-manage-link";
import type { RenderedEmail } from "~/emails/types";
import type { Locale } from "~/i18n/locales";
import { blockedReason, EMAIL_CAPS, FORM_TOKEN_USES, hitRateLimits } from "~/models/abuse.server";
import { queueEmail } from "~/models/email-delivery.server";
import { campaignTitleIn } from "~/models/subscribe.server";
import { getStripe } from "~/services/stripe.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { emailKey } from "~/utils/email-key.server";
import {
  DonorManageFormSchema,
  type DonorManageFormErrors,
  type DonorManageFormValues,
} from "~/utils/donor-manage-form";
import { formShownToken, FORM_MAX_AGE_MS, readFormTiming } from "~/utils/form-timing.server";
import { log } from "~/utils/logger.server";
import { absoluteUrl } from "~/utils/public-url.server";
import { donorManageToken, readDonorManageToken } from "~/utils/subscriber-tokens.server";

export const DONOR_MANAGE_EMAIL = "donor-manage-link";
/** Long enough to open one's mail and press a button; short, since the link opens the portal. */
export const MANAGE_LINK_MINUTES = 30;

export const DONOR_MANAGE_LIMITS = {
  // A donor asks for a link once or twice; an address asked about more often is being probed or
  // flooded, and the few that are sent reach only its owner.
  perAddressPerDay: 3,
  windowSeconds: 3_600,
  // Per network an hour: households and offices share one; a script walking addresses does not stop.
  perIp: 20,
};

/** What the form's timing token is bound to, as the subscribe form's is. */
const FORM_PURPOSE = "donor-manage";
// One field, often filled in by the browser: quicker than the sign form, still slower than a script.
const MIN_FILL_MS = 2_000;

/** The form's signed "shown at" time: the same for every reader of a cached page (0016). */
export function donorManageFormToken(now = Date.now()): string {
  return formShownToken(FORM_PURPOSE, now);
}

type PostedForm = { get(name: string): FormDataEntryValue | null };
type Origin = Pick<AppLoadContext, "ipHash" | "clientIp">;

export type DonorManageRequest =
  { ok: true } | { ok: false; errors: DonorManageFormErrors; values: DonorManageFormValues };

type Gift = {
  id: string;
  email: string;
  customerId: string | null;
  amount: number;
  currency: DonationCurrency;
  status: string;
  campaignId: string | null;
  createdAt: Date;
};

/**
 * The monthly gifts, not canceled, given from this mailbox (by its normalised address, so
 * `Ann.Lee+x@gmail.com` finds `annlee@gmail.com`), newest first. Gifts store the address as typed,
 * so the database narrows by domain and the normalised comparison is made here.
 */
async function liveGiftsOf(email: string): Promise<Gift[]> {
  const normal = normalizeEmail(email);
  const domain = normal.slice(normal.lastIndexOf("@") + 1);
  const domains = domain === "gmail.com" ? ["gmail.com", "googlemail.com"] : [domain];
  const rows = await getPrisma().$queryRaw<Gift[]>`
    SELECT id, email, customer_id AS "customerId", amount, currency::text AS currency,
      status::text AS status, campaign_id AS "campaignId", created_at AS "createdAt"
    FROM monthly_gifts
    WHERE status <> 'canceled' AND email IS NOT NULL
      AND lower(substring(email from '@([^@]*)$')) = ANY(${domains})
    ORDER BY created_at DESC`;
  return rows.filter((gift) => normalizeEmail(gift.email) === normal);
}

/** Counts the request against its form token, its network and the address, and judges it. */
async function flagOf(form: PostedForm, email: string, origin: Origin): Promise<string | null> {
  const formToken = String(form.get("shown") ?? "");
  const timing = readFormTiming(formToken, FORM_PURPOSE);
  if (timing.status !== "ok") return "bad-form-token";
  if (String(form.get("website") ?? "") !== "") return "honeypot";
  if (timing.fillMs < MIN_FILL_MS) return "too-fast";
  const blocked = await blockedReason(email, origin.clientIp);
  if (blocked) return blocked;
  const key = emailKey(email);
  const day = EMAIL_CAPS.windowSeconds;
  const hits = [
    { key: `form:${formToken}:${origin.ipHash}`, windowSeconds: FORM_MAX_AGE_MS / 1000 },
    // The per-address cap every emailing form shares (signing, subscribing), then this form's own.
    { key: `mail:address:${key}`, windowSeconds: day },
    { key: `mail:donor-manage:${key}`, windowSeconds: day },
    ...(origin.ipHash
      ? [{ key: `donor-manage:ip:${origin.ipHash}`, windowSeconds: DONOR_MANAGE_LIMITS.windowSeconds }]
      : []),
  ];
  const { counts } = await hitRateLimits(hits);
  const [formUses = 0, address = 0, manage = 0, ip = 0] = counts;
  if (formUses > FORM_TOKEN_USES) return "form-reused";
  if (ip > DONOR_MANAGE_LIMITS.perIp) return "rate-limit-ip";
  if (address > EMAIL_CAPS.perAddress || manage > DONOR_MANAGE_LIMITS.perAddressPerDay)
    return "rate-limit-address";
  return null;
}

/**
 * Takes the posted form: field errors, or `ok` whatever happened next. A request that passes every
 * check and cap queues a link email to the address typed (stored as canonicalEmail keeps it); it is
 * sent only if a live monthly gift was given from that mailbox (composeDonorManageLink).
 */
export async function requestDonorManageLink(
  form: PostedForm,
  origin: Origin,
  locale: Locale,
): Promise<DonorManageRequest> {
  const raw = form.get("email");
  const values: DonorManageFormValues = { email: typeof raw === "string" ? raw.slice(0, 300) : undefined };
  const parsed = DonorManageFormSchema.safeParse(values);
  const errors: DonorManageFormErrors = {};
  if (!parsed.success) errors.email = parsed.error.issues[0]!.message as DonorManageFormErrors["email"];
  // A page left open for hours: asked to send again (with a fresh token), nothing is counted.
  if (readFormTiming(String(form.get("shown") ?? ""), FORM_PURPOSE).status === "expired") {
    errors.form = "donateManage.error.formExpired";
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const email = parsed.data.email;
  const flag = await flagOf(form, email, origin);
  if (flag) {
    log.info("donor manage request flagged", { reason: flag });
    return { ok: true };
  }
  const expiresAt = new Date(Date.now() + MANAGE_LINK_MINUTES * 60_000).toISOString();
  await getPrisma().$transaction((tx) =>
    queueEmail(tx, { kind: DONOR_MANAGE_EMAIL, toEmail: email, locale, payload: { expiresAt } }),
  );
  return { ok: true };
}

const LinkPayload = z.object({ expiresAt: z.iso.datetime(), usedAt: z.iso.datetime().optional() });

type LinkRow = { id: string; to_email: string; payload: unknown };

/** The link a token stands for, or null for any token we did not make. */
async function findLink(token: string) {
  const deliveryId = readDonorManageToken(token);
  if (!deliveryId) return null;
  const [row] = await getPrisma().$queryRaw<LinkRow[]>`
    SELECT id, to_email, payload FROM email_deliveries
    WHERE id = ${deliveryId}::uuid AND kind = ${DONOR_MANAGE_EMAIL}`;
  const payload = LinkPayload.safeParse(row?.payload);
  if (!row?.to_email || !payload.success) return null;
  return { deliveryId: row.id, toEmail: row.to_email, ...payload.data };
}

function linkState(link: NonNullable<Awaited<ReturnType<typeof findLink>>>, now = Date.now()) {
  if (link.usedAt) return "used" as const;
  if (new Date(link.expiresAt).getTime() <= now) return "expired" as const;
  return "ready" as const;
}

/** A gift as its link's page names it, in the reader's language. */
export type ManageGift = { id: string; amount: string; campaignTitle: string | null };

/** The gifts a link can open the portal for: each needs the Stripe customer that pays it. */
async function manageableGifts(
  email: string,
  locale: Locale,
): Promise<(ManageGift & { customerId: string })[]> {
  const gifts = (await liveGiftsOf(email)).filter((gift) => gift.customerId);
  const campaigns = await getPrisma().campaign.findMany({
    where: { id: { in: gifts.flatMap((gift) => (gift.campaignId ? [gift.campaignId] : [])) } },
    select: {
      id: true,
      slug: true,
      sourceLocale: true,
      translations: { select: { locale: true, title: true } },
    },
  });
  return gifts.map((gift) => {
    const campaign = campaigns.find((c) => c.id === gift.campaignId);
    return {
      id: gift.id,
      customerId: gift.customerId!,
      amount: formatDonationAmount(gift.amount, gift.currency, locale),
      campaignTitle: campaign ? (campaignTitleIn(campaign, locale) ?? campaign.slug) : null,
    };
  });
}

export type ManageLink =
  { state: "invalid" | "expired" | "used" | "none" } | { state: "ready"; gifts: ManageGift[] };

/** What a link's page shows before anything is pressed (a GET never uses the link). */
export async function describeManageLink(token: string, locale: Locale): Promise<ManageLink> {
  const link = await findLink(token);
  if (!link) return { state: "invalid" };
  const state = linkState(link);
  if (state !== "ready") return { state };
  const gifts = await manageableGifts(link.toEmail, locale);
  if (gifts.length === 0) return { state: "none" };
  return { state: "ready", gifts: gifts.map(({ customerId: _customerId, ...gift }) => gift) };
}

export type PortalOpening =
  { outcome: "portal"; url: string } | { outcome: "invalid" | "expired" | "used" | "none" | "unavailable" };

/**
 * Uses the link once: opens a Stripe Billing Portal session for the customer paying the chosen
 * gift and returns its URL. The link is marked used before Stripe is called, by one conditional
 * update, so two presses at once open one portal; if Stripe then fails, the mark is taken back so
 * the donor can press again.
 */
export async function openDonorPortal(token: string, giftId: string, locale: Locale): Promise<PortalOpening> {
  const link = await findLink(token);
  if (!link) return { outcome: "invalid" };
  const state = linkState(link);
  if (state !== "ready") return { outcome: state };
  const gift = (await manageableGifts(link.toEmail, locale)).find((g) => g.id === giftId);
  if (!gift) return { outcome: "none" };
  const claimed = await getPrisma().$executeRaw`
    UPDATE email_deliveries SET payload = payload || jsonb_build_object('usedAt', ${new Date().toISOString()}::text)
    WHERE id = ${link.deliveryId}::uuid AND kind = ${DONOR_MANAGE_EMAIL} AND payload->>'usedAt' IS NULL`;
  if (claimed !== 1) return { outcome: "used" };
  try {
    const session = await getStripe().billingPortal.sessions.create({
      customer: gift.customerId,
      return_url: absoluteUrl(`/${locale}/donate`),
      locale,
    });
    return { outcome: "portal", url: session.url };
  } catch (error) {
    await getPrisma().$executeRaw`
      UPDATE email_deliveries SET payload = payload - 'usedAt' WHERE id = ${link.deliveryId}::uuid`;
    log.warn("stripe billing portal session failed", {
      error: error instanceof Error ? error.message : String(error),
    });
    return { outcome: "unavailable" };
  }
}

/**
 * A queued link email as a message, or null when it must not go out: no live monthly gift was
 * given from its address (the request is answered alike either way), or the link is used or expired.
 */
export async function composeDonorManageLink(delivery: {
  id?: string;
  locale: Locale;
}): Promise<RenderedEmail | null> {
  if (!delivery.id) return null;
  const token = donorManageToken(delivery.id);
  const link = await findLink(token);
  if (!link || linkState(link) !== "ready") return null;
  if ((await liveGiftsOf(link.toEmail)).length === 0) return null;
  const { locale } = delivery;
  return renderDonorManageLinkEmail({
    locale,
    footer: emailFooter(locale),
    linkUrl: absoluteUrl(`/${locale}/donate/manage/${token}`),
    expiresInMinutes: MANAGE_LINK_MINUTES,
  });
}
