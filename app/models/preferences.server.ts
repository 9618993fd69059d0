// A subscriber's own page (/preferences/:token, linked from every update): their language, their
// lists, leaving everything. The token comes only in email sent to their address, so holding it is
// proof enough of the mailbox, as for one-click unsubscribe.
import type { Locale } from "~/i18n/locales";
import { activateTopics } from "~/models/subscribe-confirmation.server";
import { listSubscribeTopics, SUBSCRIBE_CONSENT_VERSION } from "~/models/subscribe.server";
import { withdraw } from "~/models/subscription.server";
import { getPrisma } from "~/utils/db.server";
import { GENERAL_TOPIC } from "~/utils/subscribe-form";
import { preferencesToken, readPreferencesToken } from "~/utils/subscriber-tokens.server";

/** The path (without a language prefix) of a subscriber's preferences page. */
export function preferencesPath(subscriberId: string): string {
  return `/preferences/${preferencesToken(subscriberId)}`;
}

/**
 * The subscriber a preferences token names, or null (forged or unknown). An erased subscriber is
 * found, marked `erased`: the page says so (the erasure has just happened), and nothing else.
 */
export async function findSubscriberByPreferencesToken(token: string) {
  const id = readPreferencesToken(token);
  if (!id) return null;
  const subscriber = await getPrisma().subscriber.findUnique({ where: { id } });
  return subscriber ? { id: subscriber.id, erased: subscriber.emailNormal.startsWith("erased:") } : null;
}

export type PreferenceTopic = { value: string; title: string | null; subscribed: boolean };

/** What the page shows: the address, the language, and every list with whether they are on it. */
export async function loadPreferences(subscriberId: string, locale: Locale) {
  const prisma = getPrisma();
  const subscriber = await prisma.subscriber.findUniqueOrThrow({
    where: { id: subscriberId },
    include: {
      subscriptions: {
        include: {
          campaign: {
            select: { id: true, slug: true, translations: { select: { locale: true, title: true } } },
          },
        },
      },
    },
  });
  const active = subscriber.subscriptions.filter((s) => s.status === "active");
  const valueOf = (campaignId: string | null) => campaignId ?? GENERAL_TOPIC;
  const offered = await listSubscribeTopics(locale);
  // Lists of campaigns no longer live stay on the page while they are on them, so they can leave.
  const extra = active
    .filter((s) => s.campaign && !offered.some((topic) => topic.value === s.campaignId))
    .map((s) => ({
      value: s.campaignId!,
      campaignId: s.campaignId,
      title: s.campaign!.translations.find((t) => t.locale === locale)?.title ?? s.campaign!.slug,
    }));
  const topics: PreferenceTopic[] = [...offered, ...extra].map((topic) => ({
    value: topic.value,
    title: topic.title,
    subscribed: active.some((s) => valueOf(s.campaignId) === topic.value),
  }));
  return { email: subscriber.email, locale: subscriber.locale, topics };
}

export async function changeLanguage(subscriberId: string, locale: Locale): Promise<void> {
  await getPrisma().subscriber.update({ where: { id: subscriberId }, data: { locale } });
}

/**
 * Sets the lists exactly: ticked ones are on (a new one recorded as confirmed from this page), the
 * others off (recorded as withdrawn). With none ticked the subscriber is unsubscribed.
 */
export async function changeTopics(subscriberId: string, wanted: string[], ipHash: string): Promise<void> {
  const prisma = getPrisma();
  const knownIds = (
    await prisma.campaign.findMany({
      where: { id: { in: wanted.filter((t) => t !== GENERAL_TOPIC) } },
      select: { id: true },
    })
  ).map((c) => c.id);
  const topics = wanted.filter((t) => t === GENERAL_TOPIC || knownIds.includes(t));
  await prisma.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUniqueOrThrow({
      where: { id: subscriberId },
      include: { subscriptions: true },
    });
    const isOn = (topic: string) =>
      subscriber.subscriptions.some(
        (s) => (s.campaignId ?? GENERAL_TOPIC) === topic && s.status === "active",
      );
    const added = topics.filter((topic) => !isOn(topic));
    const removed = subscriber.subscriptions.filter(
      (s) => s.status === "active" && !topics.includes(s.campaignId ?? GENERAL_TOPIC),
    );
    await withdraw(
      tx,
      removed.map((s) => s.id),
      "preferences-page",
    );
    const now = new Date();
    await activateTopics(tx, subscriberId, added, now);
    await tx.consentRecord.createMany({
      data: added.map((topic) => ({
        subscriberId,
        campaignId: topic === GENERAL_TOPIC ? null : topic,
        action: "confirmed" as const,
        consentVersion: SUBSCRIBE_CONSENT_VERSION,
        source: "preferences-page",
        ipHash: ipHash ? Uint8Array.from(Buffer.from(ipHash, "base64url")) : null,
        locale: subscriber.locale,
        createdAt: now,
      })),
    });
    const anyOn = topics.length > 0;
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: anyOn
        ? { status: "active", unsubscribedAt: null }
        : { status: "unsubscribed", unsubscribedAt: subscriber.unsubscribedAt ?? now },
    });
  });
}

/** Takes the subscriber off every list at once. Safe to repeat. */
export async function unsubscribeFromEverything(subscriberId: string): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const subscriptions = await tx.subscription.findMany({ where: { subscriberId }, select: { id: true } });
    await withdraw(
      tx,
      subscriptions.map((s) => s.id),
      "preferences-page",
    );
    await tx.subscriber.updateMany({
      where: { id: subscriberId, status: { not: "unsubscribed" } },
      data: { status: "unsubscribed", unsubscribedAt: new Date() },
    });
  });
}
