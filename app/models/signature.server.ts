// Signatures: pending until the signer confirms from their inbox, counted only once confirmed and
// not flagged. Counts live in sharded rows (signature_counts), never one hot row per campaign.
import { randomUUID } from "node:crypto";
import type { DisplayChoice, Locale, Prisma } from "~/generated/prisma/client";
import { queueEmail, queueEmailsSql } from "~/models/email-delivery.server";
import { getPool, getPrisma } from "~/utils/db.server";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";
import { CONFIRMATION_LINK_DAYS, confirmationToken, hashToken } from "~/utils/signature-tokens.server";

type Tx = Prisma.TransactionClient;

/** Country code for signers outside UN member states, so count keys never hold a null. */
export const OTHER_COUNTRY = "ZZZ";
const COUNT_SHARDS = 16;
export const UPDATES_CONSENT_VERSION = "signature-updates-2026-11";

export type SignInput = {
  campaignId: string;
  name: string;
  email: string;
  countryIso3: string | null;
  postcode: string | null;
  displayChoice: DisplayChoice;
  locale: Locale;
  wantsUpdates: boolean;
  ipHash: string | null;
  /** Set by abuse checks: the signature is kept but never counted. */
  flagReason: string | null;
};

export type SignOutcome = "sent-confirmation" | "already-confirmed";

function confirmationExpiry(): Date {
  return new Date(Date.now() + CONFIRMATION_LINK_DAYS * 86_400_000);
}

async function queueConfirmationEmail(
  tx: Tx,
  signatureId: string,
  expiresAt: Date,
  locale: Locale,
  email: string,
) {
  await queueEmail(tx, {
    kind: "signature-confirmation",
    toEmail: email,
    locale,
    payload: { signatureId, expiresAt: expiresAt.toISOString() },
  });
}

/** A new confirmation link for an existing signature; the previous link stops working. */
async function issueConfirmation(tx: Tx, signatureId: string, locale: Locale, email: string) {
  const expiresAt = confirmationExpiry();
  await tx.$executeRaw`
    UPDATE signatures SET token_hash = ${hashToken(confirmationToken(signatureId, expiresAt))},
      token_expires_at = ${expiresAt}
    WHERE id = ${signatureId}::uuid`;
  await queueConfirmationEmail(tx, signatureId, expiresAt, locale, email);
}

/**
 * Records a first signature and its confirmation email, in one statement (so atomically). Returns
 * false, writing nothing, when this person (by normalised email) has already signed.
 *
 * This runs once per supporter at viral scale, so it goes through `pg` directly as one statement
 * prepared once per connection: every round trip and every Prisma query cost more CPU than the
 * rest of the sign path (docs/decisions/0012). The id is chosen here so the token, an HMAC of id
 * and expiry, is computed before the row exists.
 */
async function recordFirstSignature(input: SignInput, email: string, emailNormal: string): Promise<boolean> {
  const id = randomUUID();
  const expiresAt = confirmationExpiry();
  const { rows } = await getPool().query<{ inserted: number }>({
    name: "insert-first-signature",
    text: `WITH signature AS (
        INSERT INTO signatures (id, campaign_id, name, email, email_normal, country_iso3, postcode,
          display_choice, locale, wants_updates, flagged, flag_reason, ip_hash, token_hash, token_expires_at)
        VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::"DisplayChoice", $9::"Locale", $10, $11, $12,
          $13, $14, $15)
        ON CONFLICT (campaign_id, email_normal) DO NOTHING
        RETURNING id
      ),
      confirmation AS (
        SELECT $16::uuid AS id, 'signature-confirmation' AS kind, $4 AS to_email, $9::"Locale" AS locale,
          jsonb_build_object('signatureId', id, 'expiresAt', $17::text) AS payload
        FROM signature
      ),
      ${queueEmailsSql("confirmation")}
      SELECT count(*)::int AS inserted FROM signature`,
    values: [
      id,
      input.campaignId,
      input.name,
      email,
      emailNormal,
      input.countryIso3,
      input.postcode,
      input.displayChoice,
      input.locale,
      input.wantsUpdates,
      input.flagReason !== null,
      input.flagReason,
      input.ipHash,
      hashToken(confirmationToken(id, expiresAt)),
      expiresAt,
      randomUUID(),
      expiresAt.toISOString(),
    ],
  });
  return rows[0]!.inserted === 1;
}

/**
 * Records a signature, or recognises the same person signing again (by normalised email), in one
 * transaction with the email it causes. The caller shows the same page whatever happened; only
 * the email differs, so nobody learns from the page whether an address has signed.
 */
export async function signPetition(input: SignInput): Promise<SignOutcome> {
  const email = canonicalEmail(input.email);
  const emailNormal = normalizeEmail(email);
  if (await recordFirstSignature(input, email, emailNormal)) return "sent-confirmation";
  return getPrisma().$transaction(async (tx) => {
    const [existing] = await tx.$queryRaw<{ id: string; status: string }[]>`
      SELECT id, status::text FROM signatures
      WHERE campaign_id = ${input.campaignId}::uuid AND email_normal = ${emailNormal}
      FOR UPDATE`;
    // Withdrawn signatures keep their row, so the person who made the first INSERT conflict is
    // still here.
    const signature = existing!;
    if (signature.status === "confirmed") {
      await queueEmail(tx, {
        kind: "signature-already-confirmed",
        toEmail: email,
        locale: input.locale,
        payload: { signatureId: signature.id },
      });
      return "already-confirmed";
    }
    if (signature.status === "withdrawn") {
      // Signing again after withdrawing starts over, with what was typed this time.
      await tx.signature.update({
        where: { id: signature.id },
        data: {
          status: "pending",
          name: input.name,
          email,
          countryIso3: input.countryIso3,
          postcode: input.postcode,
          displayChoice: input.displayChoice,
          locale: input.locale,
          wantsUpdates: input.wantsUpdates,
          flagged: input.flagReason !== null,
          flagReason: input.flagReason,
          withdrawnAt: null,
        },
      });
    }
    await issueConfirmation(tx, signature.id, input.locale, email);
    return "sent-confirmation";
  });
}

/** Adds `delta` to one of the campaign × country shards, in the caller's transaction. */
export async function addToCount(tx: Tx, campaignId: string, countryIso3: string | null, delta: number) {
  await tx.$executeRaw`
    INSERT INTO signature_counts (campaign_id, country_iso3, shard, count)
    VALUES (${campaignId}::uuid, ${countryIso3 ?? OTHER_COUNTRY}, floor(random() * ${COUNT_SHARDS})::int, ${delta})
    ON CONFLICT (campaign_id, country_iso3, shard)
    DO UPDATE SET count = signature_counts.count + EXCLUDED.count`;
}

/** The signature a confirmation link points at, for the page that shows the confirm button. */
export async function findSignatureByConfirmationToken(token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return getPrisma().signature.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, status: true, tokenExpiresAt: true, campaign: { select: { slug: true } } },
  });
}

export type ConfirmOutcome =
  | { outcome: "confirmed" | "already-confirmed"; campaignSlug: string }
  | { outcome: "expired"; campaignSlug: string }
  | { outcome: "invalid" };

async function subscribeSigner(tx: Tx, signature: { email: string; locale: Locale; campaignId: string }) {
  const emailNormal = normalizeEmail(signature.email);
  const now = new Date();
  const subscriber = await tx.subscriber.upsert({
    where: { emailNormal },
    create: { email: signature.email, emailNormal, locale: signature.locale, status: "active" },
    update: { status: "active", unsubscribedAt: null },
  });
  await tx.subscription.upsert({
    where: { subscriberId_campaignId: { subscriberId: subscriber.id, campaignId: signature.campaignId } },
    create: {
      subscriberId: subscriber.id,
      campaignId: signature.campaignId,
      status: "active",
      confirmedAt: now,
    },
    update: { status: "active", confirmedAt: now, unsubscribedAt: null },
  });
  // The consent: which text, when, from where. The confirmation click is the list's double opt-in.
  await tx.consentRecord.create({
    data: {
      subscriberId: subscriber.id,
      campaignId: signature.campaignId,
      action: "confirmed",
      consentVersion: UPDATES_CONSENT_VERSION,
      source: "signature-form",
      locale: signature.locale,
    },
  });
}

/**
 * Confirms the signature a link points at: single-use (a second click changes nothing), only
 * before the link expires, and counted in the same transaction unless it was flagged.
 */
export async function confirmSignature(token: string): Promise<ConfirmOutcome> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { outcome: "invalid" };
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM signatures WHERE token_hash = ${hashToken(token)} FOR UPDATE`;
    if (!row) return { outcome: "invalid" as const };
    const signature = await tx.signature.findUniqueOrThrow({
      where: { id: row.id },
      include: { campaign: { select: { slug: true } } },
    });
    const campaignSlug = signature.campaign.slug;
    if (signature.status === "confirmed") return { outcome: "already-confirmed" as const, campaignSlug };
    if (signature.status !== "pending") return { outcome: "invalid" as const };
    if (!signature.tokenExpiresAt || signature.tokenExpiresAt < new Date()) {
      return { outcome: "expired" as const, campaignSlug };
    }
    await tx.signature.update({
      where: { id: signature.id },
      data: { status: "confirmed", confirmedAt: new Date() },
    });
    if (!signature.flagged) await addToCount(tx, signature.campaignId, signature.countryIso3, 1);
    if (signature.wantsUpdates) await subscribeSigner(tx, signature);
    return { outcome: "confirmed" as const, campaignSlug };
  });
}

/** Sends a fresh confirmation link for a pending signature whose link expired. */
export async function resendConfirmation(token: string): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string; email: string; locale: Locale }[]>`
      SELECT id, email, locale::text AS locale FROM signatures
      WHERE token_hash = ${hashToken(token)} AND status = 'pending' FOR UPDATE`;
    if (!row) return false;
    await issueConfirmation(tx, row.id, row.locale, row.email);
    return true;
  });
}

/** Withdraws a signature (pending or confirmed); a counted one leaves the count at once. */
export async function withdrawSignature(
  signatureId: string,
): Promise<"withdrawn" | "already-withdrawn" | "invalid"> {
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM signatures WHERE id = ${signatureId}::uuid FOR UPDATE`;
    if (!row) return "invalid" as const;
    const signature = await tx.signature.findUniqueOrThrow({ where: { id: row.id } });
    if (signature.status === "withdrawn") return "already-withdrawn" as const;
    await tx.signature.update({
      where: { id: signature.id },
      data: { status: "withdrawn", withdrawnAt: new Date(), tokenHash: null },
    });
    if (signature.status === "confirmed" && !signature.flagged) {
      await addToCount(tx, signature.campaignId, signature.countryIso3, -1);
    }
    return "withdrawn" as const;
  });
}

/** Confirmed, unflagged signatures: in total and by country (ISO alpha-3, "ZZZ" for others). */
export async function countSignatures(campaignId: string) {
  const rows = await getPrisma().$queryRaw<{ country: string; count: number }[]>`
    SELECT country_iso3 AS country, sum(count)::int AS count FROM signature_counts
    WHERE campaign_id = ${campaignId}::uuid GROUP BY country_iso3 HAVING sum(count) > 0
    ORDER BY sum(count) DESC, country_iso3`;
  const byCountry = Object.fromEntries(rows.map((row) => [row.country.trim(), row.count]));
  return { total: rows.reduce((sum, row) => sum + row.count, 0), byCountry };
}

export type RecentSigner = {
  display: DisplayChoice;
  name: string | null;
  countryIso3: string | null;
  confirmedAt: Date;
};

/** The latest confirmed signers, showing only what each chose to show. */
export async function listRecentSigners(campaignId: string, limit = 10): Promise<RecentSigner[]> {
  const rows = await getPrisma().signature.findMany({
    where: { campaignId, status: "confirmed", flagged: false },
    orderBy: { confirmedAt: "desc" },
    take: limit,
    select: { name: true, displayChoice: true, countryIso3: true, confirmedAt: true },
  });
  return rows.map((row) => ({
    display: row.displayChoice,
    name:
      row.displayChoice === "full_name"
        ? row.name
        : row.displayChoice === "initials"
          ? initials(row.name)
          : null,
    // An anonymous signer's country is not shown either: for DPRK signers it could identify them.
    countryIso3: row.displayChoice === "anonymous" ? null : row.countryIso3,
    confirmedAt: row.confirmedAt!,
  }));
}

export function initials(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => Array.from(part)[0]!.toLocaleUpperCase() + ".")
    .join(" ");
}

/** What the signature emails need: the signer, the campaign's title in their language. */
export async function loadSignatureForEmail(signatureId: string) {
  const signature = await getPrisma().signature.findUnique({
    where: { id: signatureId },
    include: { campaign: { include: { translations: true } } },
  });
  if (!signature) return null;
  const titles = signature.campaign.translations;
  const title =
    titles.find((t) => t.locale === signature.locale)?.title ??
    titles.find((t) => t.locale === signature.campaign.sourceLocale)?.title ??
    signature.campaign.slug;
  return {
    id: signature.id,
    status: signature.status,
    name: signature.name,
    tokenExpiresAt: signature.tokenExpiresAt,
    campaignSlug: signature.campaign.slug,
    campaignTitle: title,
  };
}
