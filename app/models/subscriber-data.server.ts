// A subscriber's rights over what we hold about their mailbox: a copy of it ("what you hold about
// me", as JSON) and its erasure. Both cover everything kept under the same mailbox, found the way
// signing finds it (the keyed hash of the normalised address), and nothing of anyone else.
//
// Erasure removes the address, name and country everywhere (subscriber, signatures and their
// submissions, email records, suppressions, the developer outbox) and leaves one thing: the keyed
// hash of the normalised address, in the subscriber row's `email_normal` as `erased:<hash>`. That
// keeps the promise of erasure ("you will not be added again"): the subscribe form and the sign
// form's "send me updates" check for it and add nobody (docs/decisions/0021).
import { getPrisma } from "~/utils/db.server";
import { canonicalEmail } from "~/utils/email-address";
import { emailKey, previousEmailKey } from "~/utils/email-key.server";
import { erasedMarker } from "~/models/subscribe.server";
import { withdraw } from "~/models/subscription.server";
import type { Prisma } from "~/generated/prisma/client";

type Db = Prisma.TransactionClient;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

function mailboxKeys(email: string): string[] {
  const previous = previousEmailKey(email);
  return previous ? [emailKey(email), previous] : [emailKey(email)];
}

/** The signatures made with this mailbox, and every address it was typed as. */
async function signaturesOf(db: Db, email: string) {
  const signatures = await db.signature.findMany({
    where: { emailKey: { in: mailboxKeys(email) } },
    include: {
      submissions: { select: { email: true } },
      campaign: { select: { slug: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const addresses = new Set([canonicalEmail(email)]);
  for (const signature of signatures) {
    if (signature.email) addresses.add(canonicalEmail(signature.email));
    for (const submission of signature.submissions) addresses.add(canonicalEmail(submission.email));
  }
  return { signatures, addresses: [...addresses] };
}

function deliveriesWhere(subscriberId: string, addresses: string[]): Prisma.EmailDeliveryWhereInput {
  return {
    OR: [
      { subscriberId },
      ...addresses.map((address) => ({ toEmail: { equals: address, mode: "insensitive" as const } })),
    ],
  };
}

/** Everything held about the subscriber's mailbox, for them to download. */
export async function exportSubscriberData(subscriberId: string) {
  const prisma = getPrisma();
  const subscriber = await prisma.subscriber.findUniqueOrThrow({
    where: { id: subscriberId },
    include: {
      subscriptions: { include: { campaign: { select: { slug: true } } }, orderBy: { createdAt: "asc" } },
      consentRecords: { orderBy: { createdAt: "asc" } },
    },
  });
  const { signatures, addresses } = await signaturesOf(prisma, subscriber.email);
  const deliveries = await prisma.emailDelivery.findMany({
    where: deliveriesWhere(subscriber.id, addresses),
    include: { update: { select: { id: true } } },
    orderBy: { createdAt: "asc" },
  });
  const slugs = new Map(subscriber.subscriptions.map((s) => [s.campaignId, s.campaign?.slug ?? null]));
  const listOf = (campaignId: string | null) =>
    campaignId === null ? "general" : `campaign:${slugs.get(campaignId) ?? campaignId}`;
  return {
    exportedAt: new Date().toISOString(),
    subscriber: {
      email: subscriber.email,
      name: subscriber.name,
      language: subscriber.locale,
      country: subscriber.countryIso3,
      status: subscriber.status,
      createdAt: iso(subscriber.createdAt),
      unsubscribedAt: iso(subscriber.unsubscribedAt),
    },
    subscriptions: subscriber.subscriptions.map((s) => ({
      list: listOf(s.campaignId),
      status: s.status,
      createdAt: iso(s.createdAt),
      confirmedAt: iso(s.confirmedAt),
      unsubscribedAt: iso(s.unsubscribedAt),
    })),
    // The keyed IP hash is evidence for the consent, useless to anyone without our secret: the
    // copy says that one is kept, not what it is.
    consents: subscriber.consentRecords.map((c) => ({
      action: c.action,
      list: listOf(c.campaignId),
      consentVersion: c.consentVersion,
      source: c.source,
      sourcePage: c.sourcePage,
      language: c.locale,
      at: iso(c.createdAt),
      networkFingerprintKept: c.ipHash !== null,
    })),
    signatures: signatures.map((s) => ({
      campaign: s.campaign.slug,
      status: s.status,
      name: s.name,
      email: s.email,
      country: s.countryIso3?.trim() ?? null,
      postcode: s.postcode,
      shownAs: s.displayChoice,
      language: s.locale,
      wantsUpdates: s.wantsUpdates,
      createdAt: iso(s.createdAt),
      confirmedAt: iso(s.confirmedAt),
      withdrawnAt: iso(s.withdrawnAt),
    })),
    emails: deliveries.map((d) => ({
      kind: d.kind,
      to: d.toEmail,
      language: d.locale,
      status: d.status,
      update: d.update?.id ?? null,
      createdAt: iso(d.createdAt),
      sentAt: iso(d.sentAt),
    })),
  };
}

export type SubscriberExport = Awaited<ReturnType<typeof exportSubscriberData>>;

/**
 * Erases the mailbox's personal data everywhere and leaves only the keyed hash that stops it being
 * added again. Signatures stay counted, anonymous and without an address.
 */
export async function eraseSubscriber(subscriberId: string): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ email: string; email_normal: string }[]>`
      SELECT email, email_normal FROM subscribers WHERE id = ${subscriberId}::uuid FOR UPDATE`;
    if (!row || row.email_normal.startsWith("erased:")) return;
    const { signatures, addresses } = await signaturesOf(tx, row.email);
    const subscriptions = await tx.subscription.findMany({ where: { subscriberId }, select: { id: true } });
    await withdraw(
      tx,
      subscriptions.map((s) => s.id),
      "erasure",
    );
    const now = new Date();
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: {
        email: "",
        emailNormal: erasedMarker(row.email),
        name: null,
        countryIso3: null,
        status: "unsubscribed",
        unsubscribedAt: now,
      },
    });
    await tx.consentRecord.updateMany({ where: { subscriberId }, data: { ipHash: null } });
    const signatureIds = signatures.map((s) => s.id);
    await tx.signatureSubmission.deleteMany({ where: { signatureId: { in: signatureIds } } });
    await tx.signature.updateMany({
      where: { id: { in: signatureIds } },
      data: { name: null, email: null, postcode: null, ipHash: null, displayChoice: "anonymous" },
    });
    // Mail still waiting for this mailbox is not sent at all.
    await tx.emailDelivery.updateMany({
      where: { AND: [deliveriesWhere(subscriberId, addresses), { status: "queued" }] },
      data: { status: "suppressed" },
    });
    await tx.emailDelivery.updateMany({
      where: deliveriesWhere(subscriberId, addresses),
      data: { toEmail: "", payload: {}, error: null },
    });
    // Suppressions hold the address itself; with the address gone from every list, the erasure
    // marker does their work for list mail.
    await tx.emailSuppression.deleteMany({ where: { email: { in: addresses.map((a) => a.toLowerCase()) } } });
    await tx.outboxMessage.deleteMany({ where: { to: { hasSome: addresses } } });
  });
}
