// Confirming a subscription request from the link in its email (app/models/subscribe.server.ts
// takes the request): the GET page's description, the POSTed confirmation, and what the email
// itself shows. The link names the email delivery whose payload holds the request.
import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { isMemberState } from "~/models/country.server";
import {
  campaignTitleIn,
  ipHashBytes,
  PendingPayload,
  SUBSCRIBE_CONSENT_VERSION,
  SUBSCRIPTION_EMAIL,
  type PendingSubscription,
  type SubscribeTopic,
} from "~/models/subscribe.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";
import { GENERAL_TOPIC } from "~/utils/subscribe-form";
import { readSubscribeConfirmToken, subscribeConfirmToken } from "~/utils/subscriber-tokens.server";

type Tx = Prisma.TransactionClient;

type LinkRow = { id: string; to_email: string; payload: unknown; subscriber_id: string | null };

/** The request a confirmation link stands for, with its subscriber, or null for any bad link. */
async function findLink(db: Tx, token: string, lock: boolean) {
  const deliveryId = readSubscribeConfirmToken(token);
  if (!deliveryId) return null;
  const [row] = lock
    ? await db.$queryRaw<LinkRow[]>`
        SELECT id, to_email, payload, subscriber_id FROM email_deliveries
        WHERE id = ${deliveryId}::uuid AND kind = ${SUBSCRIPTION_EMAIL} FOR UPDATE`
    : await db.$queryRaw<LinkRow[]>`
        SELECT id, to_email, payload, subscriber_id FROM email_deliveries
        WHERE id = ${deliveryId}::uuid AND kind = ${SUBSCRIPTION_EMAIL}`;
  const payload = PendingPayload.safeParse(row?.payload);
  if (!row || !payload.success) return null;
  const subscriber = await db.subscriber.findUnique({ where: { id: payload.data.subscriberId } });
  // An erased subscriber's deliveries lost their address; a link can only confirm its own address.
  if (!subscriber || !row.to_email || normalizeEmail(row.to_email) !== subscriber.emailNormal) return null;
  return { deliveryId: row.id, toEmail: row.to_email, pending: payload.data, subscriber };
}

export type SubscribeLink =
  | { state: "invalid" }
  | { state: "expired" | "confirmed"; locale: Locale; subscriberId: string }
  | { state: "ready"; locale: Locale; topics: SubscribeTopic[] };

async function topicsNamed(values: string[], locale: Locale): Promise<SubscribeTopic[]> {
  const campaigns = await getPrisma().campaign.findMany({
    where: { id: { in: values.filter((v) => v !== GENERAL_TOPIC) } },
    select: {
      id: true,
      slug: true,
      sourceLocale: true,
      translations: { select: { locale: true, title: true } },
    },
  });
  return values.flatMap((value): SubscribeTopic[] => {
    if (value === GENERAL_TOPIC) return [{ value, campaignId: null, title: null }];
    const campaign = campaigns.find((c) => c.id === value);
    return campaign
      ? [{ value, campaignId: value, title: campaignTitleIn(campaign, locale) ?? campaign.slug }]
      : [];
  });
}

/** What a confirmation link's page shows before anything is pressed: the topics it will add. */
export async function describeSubscribeLink(token: string, locale: Locale): Promise<SubscribeLink> {
  const link = await findLink(getPrisma(), token, false);
  if (!link) return { state: "invalid" };
  const { pending, subscriber } = link;
  if (pending.confirmedAt) return { state: "confirmed", locale: pending.locale, subscriberId: subscriber.id };
  if (new Date(pending.expiresAt) < new Date()) {
    return { state: "expired", locale: pending.locale, subscriberId: subscriber.id };
  }
  return { state: "ready", locale: pending.locale, topics: await topicsNamed(pending.topics, locale) };
}

export type SubscribeConfirmation =
  | { outcome: "invalid" }
  | { outcome: "expired" | "confirmed" | "already-confirmed"; subscriberId: string; locale: Locale };

/**
 * Confirms what one request asked for: exactly its topics, and its language, name and country
 * (a name or country left empty keeps the one the subscriber has). A second press changes nothing.
 */
export async function confirmSubscription(token: string, ipHash: string): Promise<SubscribeConfirmation> {
  return getPrisma().$transaction(async (tx) => {
    const link = await findLink(tx, token, true);
    if (!link) return { outcome: "invalid" as const };
    const { pending, subscriber } = link;
    const done = { subscriberId: subscriber.id, locale: pending.locale };
    if (pending.confirmedAt) return { outcome: "already-confirmed" as const, ...done };
    if (new Date(pending.expiresAt) < new Date()) return { outcome: "expired" as const, ...done };
    const now = new Date();
    const country = pending.country && (await isMemberState(pending.country)) ? pending.country : undefined;
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: {
        email: link.toEmail,
        locale: pending.locale,
        status: "active",
        unsubscribedAt: null,
        ...(pending.name ? { name: pending.name } : {}),
        ...(country ? { countryIso3: country } : {}),
      },
    });
    const known = await tx.campaign.findMany({
      where: { id: { in: pending.topics.filter((t) => t !== GENERAL_TOPIC) } },
      select: { id: true },
    });
    const topics = pending.topics.filter((t) => t === GENERAL_TOPIC || known.some((c) => c.id === t));
    await activateTopics(tx, subscriber.id, topics, now);
    await tx.consentRecord.createMany({
      data: topics.map((topic) => ({
        subscriberId: subscriber.id,
        campaignId: topic === GENERAL_TOPIC ? null : topic,
        action: "confirmed" as const,
        consentVersion: SUBSCRIBE_CONSENT_VERSION,
        source: "subscribe-confirmation",
        sourcePage: pending.sourcePage ?? null,
        ipHash: ipHashBytes(ipHash),
        locale: pending.locale,
        createdAt: now,
      })),
    });
    // The link is used: what was typed (name, country) is not kept beside it any longer.
    const used: PendingSubscription = {
      subscriberId: subscriber.id,
      expiresAt: pending.expiresAt,
      topics: pending.topics,
      locale: pending.locale,
      confirmedAt: now.toISOString(),
    };
    await tx.emailDelivery.update({ where: { id: link.deliveryId }, data: { payload: used } });
    return { outcome: "confirmed" as const, ...done };
  });
}

/** Makes these topics' subscriptions active (general list: null campaign), leaving the others alone. */
export async function activateTopics(tx: Tx, subscriberId: string, topics: string[], now = new Date()) {
  // Two confirmations at once would both find no general-list row and both insert one; the unique
  // key (NULLS NOT DISTINCT) refuses the second, and locking the subscriber's row first makes it
  // wait and find the first instead of failing.
  await tx.$executeRaw`SELECT 1 FROM subscribers WHERE id = ${subscriberId}::uuid FOR UPDATE`;
  for (const topic of topics) {
    const campaignId = topic === GENERAL_TOPIC ? null : topic;
    // A unique key with a null column cannot be upserted by Prisma: found first, then written.
    const existing = await tx.subscription.findFirst({ where: { subscriberId, campaignId } });
    if (existing) {
      if (existing.status !== "active") {
        await tx.subscription.update({
          where: { id: existing.id },
          data: { status: "active", confirmedAt: now, unsubscribedAt: null },
        });
      }
    } else {
      await tx.subscription.create({
        data: { subscriberId, campaignId, status: "active", confirmedAt: now },
      });
    }
  }
}

/**
 * What a queued confirmation email links to and lists, or null once it is no longer wanted (the
 * link was used or expired, or the subscriber is gone or erased).
 */
export async function subscriptionEmailContent(delivery: { id: string; toEmail: string }, locale: Locale) {
  const token = subscribeConfirmToken(delivery.id);
  const link = await describeSubscribeLink(token, locale);
  if (link.state !== "ready") return null;
  return { token, topics: link.topics };
}
