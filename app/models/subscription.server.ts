import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";

type Db = Prisma.TransactionClient;

export type UnsubscribeSource =
  "one-click" | "unsubscribe-page" | "complaint" | "preferences-page" | "erasure";

/** What the unsubscribe page shows: the list's name in the reader's language and whether it is done. */
export async function findSubscriptionForUnsubscribe(subscriptionId: string, locale: Locale) {
  const subscription = await getPrisma().subscription.findUnique({
    where: { id: subscriptionId },
    include: { campaign: { include: { translations: true } } },
  });
  if (!subscription) return null;
  const titles = subscription.campaign?.translations ?? [];
  const title =
    titles.find((t) => t.locale === locale)?.title ??
    titles.find((t) => t.locale === subscription.campaign?.sourceLocale)?.title ??
    null;
  return { listName: title, unsubscribed: subscription.status === "unsubscribed" };
}

/** Withdraws these subscriptions (those still on), with a consent record for each; returns how many. */
export async function withdraw(
  db: Db,
  subscriptionIds: string[],
  source: UnsubscribeSource,
): Promise<number> {
  const now = new Date();
  const changed = await db.subscription.findMany({
    where: { id: { in: subscriptionIds }, status: { not: "unsubscribed" } },
    include: { subscriber: { select: { locale: true } } },
  });
  if (changed.length === 0) return 0;
  await db.subscription.updateMany({
    where: { id: { in: changed.map((s) => s.id) } },
    data: { status: "unsubscribed", unsubscribedAt: now },
  });
  // Evidence of the withdrawal, as for the consent it withdraws.
  await db.consentRecord.createMany({
    data: changed.map((s) => ({
      subscriberId: s.subscriberId,
      campaignId: s.campaignId,
      action: "withdrawn" as const,
      consentVersion: "unsubscribe",
      source,
      locale: s.subscriber.locale,
      createdAt: now,
    })),
  });
  return changed.length;
}

/**
 * Takes the person off this list at once. Safe to repeat: a second call changes nothing. Every
 * later batch of every send, including one already running, skips them (see claimUpdateBatch).
 */
export async function unsubscribe(subscriptionId: string, source: UnsubscribeSource): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => (await withdraw(tx, [subscriptionId], source)) > 0);
}

/** Takes an address off every list (after a spam complaint). */
export async function unsubscribeAddressEverywhere(db: Db, email: string, source: UnsubscribeSource) {
  const subscriber = await db.subscriber.findUnique({
    where: { emailNormal: normalizeEmail(email) },
    include: { subscriptions: { select: { id: true } } },
  });
  if (!subscriber) return;
  await withdraw(
    db,
    subscriber.subscriptions.map((s) => s.id),
    source,
  );
}
