// Subscribing to the mailing list, with double opt-in exactly as signatures are confirmed
// (docs/decisions/0010, 0021): a request records nothing anyone else can see and queues one email;
// only the POSTed button on the page its link opens subscribes, and only to what that request asked.
//
// What a request asked for (topics, language, name, country, the page it came from) is kept with
// its confirmation link, in the payload of the email delivery that carries the link, never on the
// subscriber: whoever types somebody else's address cannot rename them or change their language.
// The link is a token naming that delivery (app/utils/subscriber-tokens.server.ts).
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { assessSubscription } from "~/models/abuse.server";
import { isMemberState, listMemberStates } from "~/models/country.server";
import { queueEmail } from "~/models/email-delivery.server";
import { getPrisma } from "~/utils/db.server";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";
import { emailKey } from "~/utils/email-key.server";
import { formShownToken, readFormTiming } from "~/utils/form-timing.server";
import { log } from "~/utils/logger.server";
import { CONFIRMATION_LINK_DAYS } from "~/utils/signature-tokens.server";
import {
  GENERAL_TOPIC,
  SubscribeFormSchema,
  type SubscribeFormErrors,
  type SubscribeFormValues,
} from "~/utils/subscribe-form";

type Tx = Prisma.TransactionClient;

/**
 * The version of the consent text shown beside every subscribe button (`subscribe.consent` in
 * app/i18n/*.json): each consent record names the text the person agreed to. Change it whenever
 * that text changes in any language.
 */
export const SUBSCRIBE_CONSENT_VERSION = "subscribe-2026-11";
export const SUBSCRIPTION_EMAIL = "subscription-confirmation";
/** Confirmation links work as long as signatures' do. */
export const SUBSCRIBE_LINK_DAYS = CONFIRMATION_LINK_DAYS;
/** What the form's timing token is bound to, as the sign form's is bound to its campaign. */
const FORM_PURPOSE = "subscribe";
// People need several seconds to fill in a form; a faster post is a script (as when signing).
const MIN_FILL_MS = 3_000;

/** The keyed hash an erased address leaves in `email_normal` (see subscriber-data.server.ts). */
export function erasedMarker(email: string): string {
  return `erased:${emailKey(email)}`;
}

/** The form's signed "shown at" time: the same for every reader of a cached page (0016). */
export function subscribeFormToken(now = Date.now()): string {
  return formShownToken(FORM_PURPOSE, now);
}

export type SubscribeTopic = { value: string; campaignId: string | null; title: string | null };

type Titled = { sourceLocale: Locale; translations: { locale: Locale; title: string }[] };

export function campaignTitleIn(campaign: Titled, locale: Locale): string | null {
  const { translations } = campaign;
  return (
    translations.find((t) => t.locale === locale && t.title)?.title ??
    translations.find((t) => t.locale === campaign.sourceLocale && t.title)?.title ??
    null
  );
}

/** The general list, then each live campaign's list (newest first), named in the reader's language. */
export async function listSubscribeTopics(locale: Locale): Promise<SubscribeTopic[]> {
  const campaigns = await getPrisma().campaign.findMany({
    where: { status: "live" },
    orderBy: { publishedAt: "desc" },
    select: {
      id: true,
      slug: true,
      sourceLocale: true,
      translations: { select: { locale: true, title: true } },
    },
  });
  return [
    { value: GENERAL_TOPIC, campaignId: null, title: null },
    ...campaigns.map((c) => ({ value: c.id, campaignId: c.id, title: campaignTitleIn(c, locale) ?? c.slug })),
  ];
}

/** Everything the subscribe page shows: the same for every reader of a language. */
export async function loadSubscribePage(locale: Locale) {
  const [topics, countries] = await Promise.all([listSubscribeTopics(locale), listMemberStates(locale)]);
  return { topics, countries, formShown: subscribeFormToken() };
}

/** A posted form: FormData from Remix, or URLSearchParams. */
type PostedForm = {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
};
type Origin = Pick<AppLoadContext, "ipHash" | "clientIp">;

function readValues(form: PostedForm): SubscribeFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 300) : undefined;
  };
  return {
    email: text("email"),
    name: text("name"),
    locale: text("locale"),
    country: text("country"),
    source: text("source"),
    topics: form
      .getAll("topic")
      .filter((value): value is string => typeof value === "string")
      .slice(0, 60)
      .map((value) => value.slice(0, 40)),
  };
}

// A path on this site with no query: where the form was (the page, the campaign page, home).
const SOURCE_PAGE = /^\/[A-Za-z0-9/_-]{0,200}$/;

export type SubscribeRequest =
  { ok: true } | { ok: false; errors: SubscribeFormErrors; values: SubscribeFormValues };

export const PendingPayload = z.object({
  subscriberId: z.uuid(),
  expiresAt: z.iso.datetime(),
  topics: z.array(z.string()),
  locale: z.enum(["en", "ko", "ja"]),
  name: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  sourcePage: z.string().nullable().optional(),
  confirmedAt: z.iso.datetime().optional(),
});
export type PendingSubscription = z.infer<typeof PendingPayload>;

/** Why a valid request should send nothing, or the topics it may email about. */
async function judge(form: PostedForm, email: string, topics: string[], origin: Origin) {
  const formToken = String(form.get("shown") ?? "");
  const timing = readFormTiming(formToken, FORM_PURPOSE);
  if (timing.status !== "ok") return { flagReason: "bad-form-token", mailTopics: [] };
  if (String(form.get("website") ?? "") !== "") return { flagReason: "honeypot", mailTopics: [] };
  if (timing.fillMs < MIN_FILL_MS) return { flagReason: "too-fast", mailTopics: [] };
  return assessSubscription({ email, emailKey: emailKey(email), formToken, topics, ...origin });
}

/**
 * Takes a posted subscribe form: field errors, or one confirmation email (within the caps) and the
 * same answer whether or not the address is subscribed, was erased, or the request was flagged.
 */
export async function requestSubscription(
  form: PostedForm,
  origin: Origin,
  requestPath: string,
): Promise<SubscribeRequest> {
  const values = readValues(form);
  const parsed = SubscribeFormSchema.safeParse(values);
  const errors: SubscribeFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SubscribeFormErrors;
      errors[field] ??= issue.message as SubscribeFormErrors[typeof field];
    }
  } else if (parsed.data.country && !(await isMemberState(parsed.data.country))) {
    errors.country = "subscribe.error.countryInvalid";
  }
  const campaignIds = parsed.success ? parsed.data.topics.filter((t) => t !== GENERAL_TOPIC) : [];
  if (campaignIds.length > 0) {
    const live = await getPrisma().campaign.count({ where: { id: { in: campaignIds }, status: "live" } });
    if (live !== new Set(campaignIds).size) errors.topics = "subscribe.error.topicsInvalid";
  }
  // A page left open for hours: asked to send again (with a fresh token), nothing is recorded.
  if (readFormTiming(String(form.get("shown") ?? ""), FORM_PURPOSE).status === "expired") {
    errors.form = "subscribe.error.formExpired";
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };

  const input = parsed.data;
  const email = canonicalEmail(input.email);
  const topics = [...new Set(input.topics)];
  const { flagReason, mailTopics } = await judge(form, email, topics, origin);
  if (flagReason) {
    log.info("subscribe request flagged", { reason: flagReason });
    return { ok: true };
  }
  if (mailTopics.length === 0) return { ok: true };
  const source = String(form.get("source") ?? "");
  const sourcePage = SOURCE_PAGE.test(source) ? source : requestPath;
  await getPrisma().$transaction((tx) =>
    recordRequest(tx, {
      email,
      topics: mailTopics,
      locale: input.locale,
      name: input.name || null,
      country: input.country || null,
      sourcePage,
      ipHash: origin.ipHash,
    }),
  );
  return { ok: true };
}

export function ipHashBytes(ipHash: string): Uint8Array<ArrayBuffer> | null {
  return ipHash ? Uint8Array.from(Buffer.from(ipHash, "base64url")) : null;
}

async function recordRequest(
  tx: Tx,
  request: {
    email: string;
    topics: string[];
    locale: Locale;
    name: string | null;
    country: string | null;
    sourcePage: string;
    ipHash: string;
  },
) {
  // An erased address is never added again (docs/decisions/0021): nothing is sent.
  const erased = await tx.subscriber.findUnique({ where: { emailNormal: erasedMarker(request.email) } });
  if (erased) return;
  const emailNormal = normalizeEmail(request.email);
  // A new address waits as `pending` with nothing but its address and language; a known one is
  // left exactly as it is until the link is pressed.
  const subscriber = await tx.subscriber.upsert({
    where: { emailNormal },
    create: { email: request.email, emailNormal, locale: request.locale, status: "pending" },
    update: {},
  });
  const ipHash = ipHashBytes(request.ipHash);
  await tx.consentRecord.createMany({
    data: request.topics.map((topic) => ({
      subscriberId: subscriber.id,
      campaignId: topic === GENERAL_TOPIC ? null : topic,
      action: "granted" as const,
      consentVersion: SUBSCRIBE_CONSENT_VERSION,
      source: sourceOf(request.sourcePage),
      sourcePage: request.sourcePage,
      ipHash,
      locale: request.locale,
    })),
  });
  const payload: PendingSubscription = {
    subscriberId: subscriber.id,
    expiresAt: new Date(Date.now() + SUBSCRIBE_LINK_DAYS * 86_400_000).toISOString(),
    topics: request.topics,
    locale: request.locale,
    name: request.name,
    country: request.country,
    sourcePage: request.sourcePage,
  };
  await queueEmail(tx, {
    kind: SUBSCRIPTION_EMAIL,
    toEmail: request.email,
    locale: request.locale,
    subscriberId: subscriber.id,
    payload,
  });
}

function sourceOf(sourcePage: string): string {
  return /\/subscribe$/.test(sourcePage) ? "subscribe-page" : "subscribe-box";
}
