// Stripe's webhook events: the only source of truth for money. Each event is stored once, in the
// same transaction as its effect, keyed by its id and by the change it stands for (Stripe can send
// one change as two events). Effects tolerate any order: a status only moves forward (a paid gift
// is never made pending again, a cancelled monthly gift never active), refunds take the largest
// amount Stripe has reported, and a renewal that arrives before its checkout finds the gift's
// details in the subscription's metadata. Emails are queued in the same transaction, never sent here.
import type Stripe from "stripe";
import type { DonationStatus, MonthlyGiftStatus, Prisma } from "~/generated/prisma/client";
import { queueDonationReceipt, queueMonthlyChargeFailed } from "~/models/donation-email.server";
import { getStripe } from "~/services/stripe.server";
import { getPrisma } from "~/utils/db.server";
import { isCurrency } from "~/utils/money";

type Tx = Prisma.TransactionClient;

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.closed",
] as const;
type HandledType = (typeof HANDLED_EVENT_TYPES)[number];

export type StripeEventOutcome = "applied" | "duplicate" | "ignored";

function isHandled(type: string): type is HandledType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

/**
 * The change an event stands for, when a second event for it must have no effect. Subscription
 * updates have none: each is applied from the subscription as it is now, which is harmless twice.
 */
function effectKey(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: string; amount_refunded?: number };
  switch (event.type) {
    case "customer.subscription.updated":
      return null;
    case "charge.refunded":
      // Each further refund of one charge is a new change: keyed by the total refunded so far.
      return `${event.type}:${object.id}:${object.amount_refunded ?? 0}`;
    default:
      return `${event.type}:${object.id}`;
  }
}

/**
 * What an effect needs from Stripe beyond the event, fetched before the transaction (never while
 * holding it): the subscription as it is now, and an invoice's payment.
 */
type Fetched = { subscription?: Stripe.Subscription; invoice?: Stripe.Invoice };

async function fetchCurrent(event: Stripe.Event): Promise<Fetched> {
  if (event.type === "customer.subscription.updated") {
    return { subscription: await getStripe().subscriptions.retrieve(event.data.object.id) };
  }
  if (event.type === "invoice.paid") {
    const invoice = event.data.object;
    if (invoice.payments?.data?.length) return { invoice };
    return { invoice: await getStripe().invoices.retrieve(invoice.id!, { expand: ["payments"] }) };
  }
  return {};
}

/** Records a verified event and applies its effect, once. */
export async function recordStripeEvent(event: Stripe.Event): Promise<StripeEventOutcome> {
  if (!isHandled(event.type)) return "ignored";
  const fetched = await fetchCurrent(event);
  return getPrisma().$transaction(async (tx) => {
    const stored = await tx.providerEvent.createMany({
      data: [{ provider: "stripe", eventId: event.id, type: event.type, effectKey: effectKey(event) }],
      // Either key already taken (this event again, or another event for the same change).
      skipDuplicates: true,
    });
    if (stored.count === 0) return "duplicate";
    await applyEffect(tx, event, fetched);
    return "applied";
  });
}

async function applyEffect(tx: Tx, event: Stripe.Event, fetched: Fetched): Promise<void> {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutCompleted(tx, event.data.object);
    case "checkout.session.async_payment_succeeded":
      return settleBySession(tx, event.data.object, "succeeded");
    case "checkout.session.async_payment_failed":
      return settleBySession(tx, event.data.object, "failed");
    case "checkout.session.expired":
      return settleBySession(tx, event.data.object, "canceled");
    case "invoice.paid":
      return invoicePaid(tx, fetched.invoice ?? event.data.object);
    case "invoice.payment_failed":
    case "invoice.payment_action_required":
      return invoiceNotPaid(tx, event.data.object);
    case "customer.subscription.updated":
      return subscriptionChanged(tx, fetched.subscription ?? event.data.object);
    case "customer.subscription.deleted":
      return subscriptionChanged(tx, event.data.object);
    case "charge.refunded":
      return chargeRefunded(tx, event.data.object);
    case "charge.dispute.created":
    case "charge.dispute.closed":
      return disputeChanged(tx, event.data.object);
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Gifts

// Where a status may go: forward only, so a late or repeated event cannot undo a later one.
const NEXT: Record<DonationStatus, DonationStatus[]> = {
  pending: ["succeeded", "failed", "canceled"],
  failed: ["succeeded"],
  canceled: ["succeeded"],
  succeeded: ["refunded"],
  refunded: [],
};

async function moveDonation(
  tx: Tx,
  where: Prisma.DonationWhereUniqueInput,
  to: DonationStatus,
  data: Prisma.DonationUpdateInput = {},
): Promise<void> {
  const donation = await tx.donation.findUnique({ where, select: { id: true, status: true } });
  if (!donation) return;
  const moves = NEXT[donation.status].includes(to);
  await tx.donation.update({
    where: { id: donation.id },
    data: {
      ...data,
      ...(moves ? { status: to } : {}),
      ...(moves && to === "succeeded" ? { paidAt: new Date() } : {}),
    },
  });
  if (moves && to === "succeeded") await queueDonationReceipt(tx, donation.id);
}

function donationIdOf(metadata: Stripe.Metadata | null | undefined): string | null {
  const id = metadata?.donation_id;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

async function checkoutCompleted(tx: Tx, session: Stripe.Checkout.Session): Promise<void> {
  const donationId = donationIdOf(session.metadata);
  const where = donationId ? { id: donationId } : { checkoutSessionId: session.id };
  const customerId = idOf(session.customer);
  if (session.mode === "subscription") {
    const subscriptionId = idOf(session.subscription);
    const invoiceId = idOf(session.invoice);
    if (subscriptionId && donationId)
      await ensureMonthlyGift(tx, subscriptionId, donationId, customerId, "active");
    const paid = session.payment_status === "paid";
    // The first charge's row is the checkout's own; invoice.paid may already have claimed it.
    if (invoiceId && !(await tx.donation.findUnique({ where: { invoiceId }, select: { id: true } }))) {
      await moveDonation(tx, where, paid ? "succeeded" : "pending", {
        checkoutSessionId: session.id,
        invoiceId,
        subscriptionId,
        customerId,
      });
    } else if (paid) {
      await moveDonation(tx, where, "succeeded", {
        checkoutSessionId: session.id,
        subscriptionId,
        customerId,
      });
    }
    return;
  }
  // A delayed method (konbini) completes the checkout unpaid: the gift stays pending until
  // checkout.session.async_payment_succeeded or _failed.
  const status =
    session.payment_status === "paid" || session.payment_status === "no_payment_required"
      ? "succeeded"
      : "pending";
  await moveDonation(tx, where, status, {
    checkoutSessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    customerId,
    ...(status === "pending" ? { paymentMethodType: "delayed" } : {}),
  });
}

async function settleBySession(tx: Tx, session: Stripe.Checkout.Session, to: DonationStatus): Promise<void> {
  const donationId = donationIdOf(session.metadata);
  const where = donationId ? { id: donationId } : { checkoutSessionId: session.id };
  const paymentIntentId = idOf(session.payment_intent);
  await moveDonation(tx, where, to, paymentIntentId ? { paymentIntentId } : {});
}

// ---------------------------------------------------------------------------------------------
// Monthly gifts

const GIFT_ORDER: MonthlyGiftStatus[] = ["incomplete", "active", "past_due", "canceled"];

function giftStatusOf(status: Stripe.Subscription.Status): MonthlyGiftStatus {
  if (status === "active" || status === "trialing") return "active";
  if (status === "past_due" || status === "unpaid" || status === "paused") return "past_due";
  if (status === "canceled" || status === "incomplete_expired") return "canceled";
  return "incomplete";
}

/** The monthly gift for a subscription, made from the gift's first Donation row if it is new. */
async function ensureMonthlyGift(
  tx: Tx,
  subscriptionId: string,
  donationId: string | null,
  customerId: string | null,
  status: MonthlyGiftStatus,
) {
  const existing = await tx.monthlyGift.findUnique({ where: { stripeSubscriptionId: subscriptionId } });
  if (existing) return existing;
  const first = donationId ? await tx.donation.findUnique({ where: { id: donationId } }) : null;
  if (!first) return null;
  const gift = await tx.monthlyGift.create({
    data: {
      stripeSubscriptionId: subscriptionId,
      customerId,
      status,
      amount: first.amount,
      currency: first.currency,
      locale: first.locale,
      campaignId: first.campaignId,
      email: first.email,
      donorName: first.donorName,
      showName: first.showName,
    },
  });
  await tx.donation.update({ where: { id: first.id }, data: { monthlyGiftId: gift.id } });
  return gift;
}

function subscriptionOfInvoice(invoice: Stripe.Invoice) {
  const details = invoice.parent?.subscription_details;
  return { subscriptionId: idOf(details?.subscription), donationId: donationIdOf(details?.metadata) };
}

function paymentIntentOfInvoice(invoice: Stripe.Invoice): string | null {
  for (const entry of invoice.payments?.data ?? []) {
    const id = idOf(entry.payment?.payment_intent);
    if (id) return id;
  }
  return null;
}

/**
 * A paid invoice is one monthly charge: the first is the checkout's own row, each later one a new
 * row (kind monthly) with the gift's donor, campaign and language.
 */
async function invoicePaid(tx: Tx, invoice: Stripe.Invoice): Promise<void> {
  const { subscriptionId, donationId } = subscriptionOfInvoice(invoice);
  if (!subscriptionId || !invoice.id) return;
  const paymentIntentId = paymentIntentOfInvoice(invoice);
  const link = { invoiceId: invoice.id, subscriptionId, ...(paymentIntentId ? { paymentIntentId } : {}) };
  if (await tx.donation.findUnique({ where: { invoiceId: invoice.id }, select: { id: true } })) {
    await moveDonation(tx, { invoiceId: invoice.id }, "succeeded", link);
    return;
  }
  const customerId = idOf(invoice.customer);
  const gift = await ensureMonthlyGift(tx, subscriptionId, donationId, customerId, "active");
  if (invoice.billing_reason === "subscription_create" && donationId) {
    await moveDonation(tx, { id: donationId }, "succeeded", { ...link, customerId });
    return;
  }
  if (!gift) return;
  const currency = invoice.currency.toUpperCase();
  if (!isCurrency(currency)) return;
  const charge = await tx.donation.create({
    data: {
      kind: "monthly",
      status: "pending",
      amount: invoice.amount_paid,
      currency,
      locale: gift.locale,
      campaignId: gift.campaignId,
      monthlyGiftId: gift.id,
      email: gift.email,
      donorName: gift.donorName,
      showName: gift.showName,
      customerId,
      ...link,
    },
    select: { id: true },
  });
  await moveDonation(tx, { id: charge.id }, "succeeded");
  if (gift.status === "past_due" || gift.status === "incomplete") {
    await tx.monthlyGift.update({ where: { id: gift.id }, data: { status: "active" } });
  }
}

async function invoiceNotPaid(tx: Tx, invoice: Stripe.Invoice): Promise<void> {
  const { subscriptionId } = subscriptionOfInvoice(invoice);
  if (!subscriptionId || !invoice.id) return;
  const gift = await tx.monthlyGift.findUnique({ where: { stripeSubscriptionId: subscriptionId } });
  // The first charge failing means the checkout never completed: there is no gift to warn about.
  if (!gift || gift.status === "canceled") return;
  await tx.monthlyGift.update({
    where: { id: gift.id },
    data: { status: "past_due", lastFailedAt: new Date() },
  });
  await queueMonthlyChargeFailed(tx, gift.id, invoice.id);
}

async function subscriptionChanged(tx: Tx, subscription: Stripe.Subscription): Promise<void> {
  const to = giftStatusOf(subscription.status);
  // Before the checkout's own event: the gift is made now, from the subscription's metadata, so a
  // cancellation that arrives first is not lost when the checkout event follows.
  const gift = await ensureMonthlyGift(
    tx,
    subscription.id,
    donationIdOf(subscription.metadata),
    idOf(subscription.customer),
    to,
  );
  if (!gift) return;
  // Cancelled is final; otherwise Stripe's current status (fetched for updates) stands.
  if (gift.status === "canceled" || (to === "incomplete" && GIFT_ORDER.indexOf(gift.status) > 0)) return;
  await tx.monthlyGift.update({
    where: { id: gift.id },
    data: { status: to, ...(to === "canceled" ? { canceledAt: new Date() } : {}) },
  });
}

// ---------------------------------------------------------------------------------------------
// Refunds and disputes

async function donationForPayment(tx: Tx, chargeId: string | null, paymentIntentId: string | null) {
  if (chargeId) {
    const byCharge = await tx.donation.findUnique({ where: { chargeId } });
    if (byCharge) return byCharge;
  }
  return paymentIntentId ? tx.donation.findUnique({ where: { paymentIntentId } }) : null;
}

async function chargeRefunded(tx: Tx, charge: Stripe.Charge): Promise<void> {
  const donation = await donationForPayment(tx, charge.id, idOf(charge.payment_intent));
  if (!donation) return;
  // Stripe reports the total refunded so far: a late event with a smaller total changes nothing.
  const amountRefunded = Math.max(donation.amountRefunded, charge.amount_refunded);
  const whole = amountRefunded >= donation.amount;
  await tx.donation.update({
    where: { id: donation.id },
    data: {
      chargeId: charge.id,
      amountRefunded,
      ...(whole && NEXT[donation.status].includes("refunded") ? { status: "refunded" } : {}),
    },
  });
}

async function disputeChanged(tx: Tx, dispute: Stripe.Dispute): Promise<void> {
  const donation = await donationForPayment(tx, idOf(dispute.charge), idOf(dispute.payment_intent));
  if (!donation) return;
  const closed = dispute.status === "won" || dispute.status === "lost";
  // A dispute that is closed stays closed, whatever order its events arrive in.
  if (!closed && (donation.disputeStatus === "won" || donation.disputeStatus === "lost")) return;
  await tx.donation.update({
    where: { id: donation.id },
    data: { disputeStatus: closed ? (dispute.status as "won" | "lost") : "open" },
  });
}
