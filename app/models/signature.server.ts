// Signatures: one per campaign and mailbox, pending until the mailbox owner confirms one of the
// submissions (sign forms) made with that address, counted only once confirmed and not flagged.
// Counts live in sharded rows (signature_counts), never one hot row per campaign.
import { randomUUID } from "node:crypto";
import type { DisplayChoice, Locale, Prisma } from "~/generated/prisma/client";
import { queueEmail, queueEmailsSql } from "~/models/email-delivery.server";
import { erasedMarker } from "~/models/subscribe.server";
import { getPool, getPrisma } from "~/utils/db.server";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";
import { emailKey, previousEmailKey } from "~/utils/email-key.server";
import { displayName } from "~/utils/display-name";
import { CONFIRMATION_LINK_DAYS, confirmationToken, hashToken } from "~/utils/signature-tokens.server";

type Tx = Prisma.TransactionClient;

/** Country code for signers outside UN member states, so count keys never hold a null. */
export const OTHER_COUNTRY = "ZZZ";
const COUNT_SHARDS = 16;
export const UPDATES_CONSENT_VERSION = "signature-updates-2026-11";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type SignInput = {
  campaignId: string;
  name: string;
  email: string;
  countryIso3: string | null;
  postcode: string | null;
  displayChoice: DisplayChoice;
  /** Ticked "I live in or come from North Korea" (or chose the DPRK as their country). */
  fromDprk: boolean;
  locale: Locale;
  wantsUpdates: boolean;
  ipHash: string | null;
  /** Set by abuse checks: the signature is kept but never counted. */
  flagReason: string | null;
  /** False for bots and over the address's email cap: the post is recorded, nobody is mailed. */
  sendEmail: boolean;
};

export type SignOutcome = "sent-confirmation" | "already-confirmed";

function confirmationExpiry(): Date {
  return new Date(Date.now() + CONFIRMATION_LINK_DAYS * 86_400_000);
}

/** What a submission shows in public once confirmed: DPRK signers are always anonymous. */
function submissionDisplay(input: SignInput): DisplayChoice {
  return input.fromDprk ? "anonymous" : input.displayChoice;
}

/**
 * Records a first signature, its submission and its confirmation email, in one statement (so
 * atomically). Returns false, writing nothing, when this mailbox has already signed.
 *
 * This runs once per supporter at viral scale, so it goes through `pg` directly as one statement
 * prepared once per connection: every round trip and every Prisma query cost more CPU than the
 * rest of the sign path (docs/decisions/0012). The ids are chosen here so the token, an HMAC of
 * the submission's id and expiry, is computed before the row exists.
 */
async function recordFirstSignature(input: SignInput, email: string, key: string): Promise<boolean> {
  const submissionId = randomUUID();
  const expiresAt = confirmationExpiry();
  const { rows } = await getPool().query<{ inserted: number }>({
    name: "insert-first-signature",
    text: `WITH signature AS (
        INSERT INTO signatures (id, campaign_id, name, email, email_key, country_iso3, postcode,
          display_choice, locale, wants_updates, flagged, flag_reason, ip_hash)
        VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::"DisplayChoice", $9::"Locale", $10, $11, $12, $13)
        ON CONFLICT (campaign_id, email_key) DO NOTHING
        RETURNING id
      ),
      submission AS (
        INSERT INTO signature_submissions (id, signature_id, name, email, country_iso3, postcode,
          display_choice, from_dprk, locale, wants_updates, flagged, flag_reason, ip_hash, token_hash,
          token_expires_at)
        SELECT $14::uuid, id, $3, $4, $6, $7, $8::"DisplayChoice", $15, $9::"Locale", $10, $11, $12, $13,
          $16, $17
        FROM signature
        RETURNING id
      ),
      confirmation AS (
        SELECT $18::uuid AS id, 'signature-confirmation' AS kind, $4 AS to_email, $9::"Locale" AS locale,
          jsonb_build_object('submissionId', id, 'expiresAt', $19::text) AS payload
        FROM submission WHERE $20::boolean
      ),
      ${queueEmailsSql("confirmation")}
      SELECT count(*)::int AS inserted FROM signature`,
    values: [
      randomUUID(),
      input.campaignId,
      input.name,
      email,
      key,
      input.countryIso3,
      input.postcode,
      submissionDisplay(input),
      input.locale,
      input.wantsUpdates,
      input.flagReason !== null,
      input.flagReason,
      input.ipHash,
      submissionId,
      input.fromDprk,
      hashToken(confirmationToken(submissionId, expiresAt)),
      expiresAt,
      randomUUID(),
      expiresAt.toISOString(),
      input.sendEmail,
    ],
  });
  return rows[0]!.inserted === 1;
}

/** A new submission for an existing signature, with its own link, and its email unless withheld. */
async function addSubmission(tx: Tx, signatureId: string, input: SignInput, email: string) {
  const id = randomUUID();
  const expiresAt = confirmationExpiry();
  await tx.signatureSubmission.create({
    data: {
      id,
      signatureId,
      name: input.name,
      email,
      countryIso3: input.countryIso3,
      postcode: input.postcode,
      displayChoice: submissionDisplay(input),
      fromDprk: input.fromDprk,
      locale: input.locale,
      wantsUpdates: input.wantsUpdates,
      flagged: input.flagReason !== null,
      flagReason: input.flagReason,
      ipHash: input.ipHash,
      tokenHash: hashToken(confirmationToken(id, expiresAt)),
      tokenExpiresAt: expiresAt,
    },
  });
  if (input.sendEmail) await queueConfirmationEmail(tx, id, expiresAt, input.locale, email);
}

async function queueConfirmationEmail(
  tx: Tx,
  submissionId: string,
  expiresAt: Date,
  locale: Locale,
  to: string,
) {
  await queueEmail(tx, {
    kind: "signature-confirmation",
    toEmail: to,
    locale,
    payload: { submissionId, expiresAt: expiresAt.toISOString() },
  });
}

/** While APP_SECRET is being rotated, moves a signature keyed under the old secret to the new key. */
async function rekeyAfterRotation(campaignId: string, email: string, key: string) {
  const previous = previousEmailKey(email);
  if (!previous) return;
  await getPrisma().signature.updateMany({
    where: { campaignId, emailKey: previous },
    data: { emailKey: key },
  });
}

/**
 * Records a submission: a first signature, or one more for the same mailbox (by its normalised
 * address), in one transaction with the email it causes. The caller shows the same page whatever
 * happened, so nobody learns from the page whether an address has signed. An email about an
 * already confirmed signature goes only to the address it was confirmed from.
 */
export async function signPetition(input: SignInput): Promise<SignOutcome> {
  const email = canonicalEmail(input.email);
  const key = emailKey(email);
  await rekeyAfterRotation(input.campaignId, email, key);
  if (await recordFirstSignature(input, email, key)) return "sent-confirmation";
  return getPrisma().$transaction(async (tx) => {
    const [existing] = await tx.$queryRaw<{ id: string; status: string; email: string | null }[]>`
      SELECT id, status::text, email FROM signatures
      WHERE campaign_id = ${input.campaignId}::uuid AND email_key = ${key}
      FOR UPDATE`;
    // Withdrawn signatures keep their row (and key), so the row that made the INSERT conflict is here.
    const signature = existing!;
    if (signature.status === "confirmed") {
      if (input.sendEmail && signature.email) {
        await queueEmail(tx, {
          kind: "signature-already-confirmed",
          toEmail: signature.email,
          locale: input.locale,
          payload: { signatureId: signature.id },
        });
      }
      return "already-confirmed";
    }
    if (signature.status === "withdrawn") {
      // Signing again after withdrawing starts over: what becomes public is what is confirmed next.
      await tx.signature.update({
        where: { id: signature.id },
        data: {
          status: "pending",
          withdrawnAt: null,
          flagged: input.flagReason !== null,
          flagReason: input.flagReason,
        },
      });
    }
    await addSubmission(tx, signature.id, input, email);
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

export type ConfirmationPage =
  | { state: "invalid" }
  | { state: "confirmed"; campaignSlug: string }
  | { state: "expired"; campaignSlug: string }
  /** The button's page: what the campaign page will show once confirmed. */
  | {
      state: "ready";
      campaignSlug: string;
      display: DisplayChoice;
      name: string | null;
      countryIso3: string | null;
    };

/** What a confirmation link's page shows, before anything is pressed. */
export async function describeConfirmationLink(token: string): Promise<ConfirmationPage> {
  if (!TOKEN_PATTERN.test(token)) return { state: "invalid" };
  const submission = await getPrisma().signatureSubmission.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      signature: { select: { status: true, fromDprk: true, campaign: { select: { slug: true } } } },
    },
  });
  if (!submission || submission.signature.status === "withdrawn") return { state: "invalid" };
  const campaignSlug = submission.signature.campaign.slug;
  if (submission.confirmedAt) return { state: "confirmed", campaignSlug };
  if (submission.tokenExpiresAt < new Date()) return { state: "expired", campaignSlug };
  const shown = publicSigner({
    displayChoice: submission.signature.fromDprk ? "anonymous" : submission.displayChoice,
    name: submission.name,
    countryIso3: submission.countryIso3,
  });
  return { state: "ready", campaignSlug, ...shown };
}

type ConfirmRow = {
  submissionId: string;
  name: string;
  email: string;
  countryIso3: string | null;
  postcode: string | null;
  displayChoice: DisplayChoice;
  fromDprk: boolean;
  locale: Locale;
  wantsUpdates: boolean;
  submissionFlagged: boolean;
  submissionFlagReason: string | null;
  tokenExpiresAt: Date;
  submissionConfirmedAt: Date | null;
  signatureId: string;
  campaignId: string;
  status: string;
  signatureCountryIso3: string | null;
  flagged: boolean;
  flagReason: string | null;
  signatureFromDprk: boolean;
  signatureWantsUpdates: boolean;
  confirmedAt: Date | null;
  campaignSlug: string;
};

export type ConfirmOutcome =
  | { outcome: "confirmed" | "already-confirmed"; campaignSlug: string }
  | { outcome: "expired"; campaignSlug: string }
  | { outcome: "invalid" };

async function subscribeSigner(tx: Tx, signer: { email: string; locale: Locale; campaignId: string }) {
  // One subscriber per mailbox, whichever way they came (the subscribe form uses the same key);
  // an address whose owner erased it is never added again (docs/decisions/0021).
  if (await tx.subscriber.findUnique({ where: { emailNormal: erasedMarker(signer.email) } })) return;
  const emailNormal = normalizeEmail(signer.email);
  const now = new Date();
  const subscriber = await tx.subscriber.upsert({
    where: { emailNormal },
    create: { email: signer.email, emailNormal, locale: signer.locale, status: "active" },
    update: { status: "active", unsubscribedAt: null },
  });
  await tx.subscription.upsert({
    where: { subscriberId_campaignId: { subscriberId: subscriber.id, campaignId: signer.campaignId } },
    create: {
      subscriberId: subscriber.id,
      campaignId: signer.campaignId,
      status: "active",
      confirmedAt: now,
    },
    update: { status: "active", confirmedAt: now, unsubscribedAt: null },
  });
  // The consent: which text, when, from where. The confirmation click is the list's double opt-in.
  await tx.consentRecord.create({
    data: {
      subscriberId: subscriber.id,
      campaignId: signer.campaignId,
      action: "confirmed",
      consentVersion: UPDATES_CONSENT_VERSION,
      source: "signature-form",
      locale: signer.locale,
    },
  });
}

/**
 * Confirms the submission a link points at: single-use (a second click changes nothing), only
 * before the link expires. The signature takes that submission's details, whatever other
 * submissions for the address said; once any confirmed submission ticked the North Korea box the
 * signature stays anonymous for good. Counted in the same transaction unless flagged.
 */
export async function confirmSignature(token: string): Promise<ConfirmOutcome> {
  if (!TOKEN_PATTERN.test(token)) return { outcome: "invalid" };
  return getPrisma().$transaction(async (tx) => {
    // One statement finds and locks both rows: at viral scale confirmations come in thousands.
    const [row] = await tx.$queryRaw<ConfirmRow[]>`
      SELECT s.id AS "submissionId", s.name, s.email, s.country_iso3 AS "countryIso3", s.postcode,
        s.display_choice::text AS "displayChoice", s.from_dprk AS "fromDprk", s.locale::text AS locale,
        s.wants_updates AS "wantsUpdates", s.flagged AS "submissionFlagged",
        s.flag_reason AS "submissionFlagReason", s.token_expires_at AS "tokenExpiresAt",
        s.confirmed_at AS "submissionConfirmedAt",
        g.id AS "signatureId", g.campaign_id AS "campaignId", g.status::text AS status,
        g.country_iso3 AS "signatureCountryIso3", g.flagged, g.flag_reason AS "flagReason",
        g.from_dprk AS "signatureFromDprk", g.wants_updates AS "signatureWantsUpdates",
        g.confirmed_at AS "confirmedAt", c.slug AS "campaignSlug"
      FROM signature_submissions s
      JOIN signatures g ON g.id = s.signature_id
      JOIN campaigns c ON c.id = g.campaign_id
      WHERE s.token_hash = ${hashToken(token)}
      FOR UPDATE OF s, g`;
    if (!row) return { outcome: "invalid" as const };
    const submission = {
      ...row,
      id: row.submissionId,
      countryIso3: row.countryIso3?.trim() ?? null,
      flagged: row.submissionFlagged,
      flagReason: row.submissionFlagReason,
      confirmedAt: row.submissionConfirmedAt,
    };
    const signature = {
      id: row.signatureId,
      campaignId: row.campaignId,
      status: row.status,
      countryIso3: row.signatureCountryIso3?.trim() ?? null,
      flagged: row.flagged,
      flagReason: row.flagReason,
      fromDprk: row.signatureFromDprk,
      wantsUpdates: row.signatureWantsUpdates,
      confirmedAt: row.confirmedAt,
    };
    const { campaignSlug } = row;
    if (signature.status === "withdrawn") return { outcome: "invalid" as const };
    if (submission.confirmedAt) return { outcome: "already-confirmed" as const, campaignSlug };
    if (submission.tokenExpiresAt < new Date()) return { outcome: "expired" as const, campaignSlug };

    const wasConfirmed = signature.status === "confirmed";
    const wasCounted = wasConfirmed && !signature.flagged;
    // Held only if both are: the signature (its first submission, or as staff left it) and the
    // submission confirmed now. A confirmation from the mailbox can lift a hold, never add one.
    const flagged = signature.flagged && submission.flagged;
    const fromDprk = signature.fromDprk || submission.fromDprk;
    const now = new Date();
    await tx.signature.update({
      where: { id: signature.id },
      data: {
        status: "confirmed",
        name: submission.name,
        email: submission.email,
        countryIso3: submission.countryIso3,
        postcode: submission.postcode,
        displayChoice: fromDprk ? "anonymous" : submission.displayChoice,
        fromDprk,
        locale: submission.locale,
        wantsUpdates: signature.wantsUpdates || submission.wantsUpdates,
        flagged,
        flagReason: signature.flagReason ?? submission.flagReason,
        confirmedAt: signature.confirmedAt ?? now,
      },
    });
    await tx.signatureSubmission.update({ where: { id: submission.id }, data: { confirmedAt: now } });
    if (wasCounted && (flagged || signature.countryIso3 !== submission.countryIso3)) {
      await addToCount(tx, signature.campaignId, signature.countryIso3, -1);
    }
    if (!flagged && (!wasCounted || signature.countryIso3 !== submission.countryIso3)) {
      await addToCount(tx, signature.campaignId, submission.countryIso3, 1);
    }
    if (submission.wantsUpdates) {
      await subscribeSigner(tx, {
        email: submission.email,
        locale: submission.locale,
        campaignId: signature.campaignId,
      });
    }
    return { outcome: wasConfirmed ? ("already-confirmed" as const) : ("confirmed" as const), campaignSlug };
  });
}

/**
 * Sends a fresh link for a pending submission whose link expired: the same submission, a new
 * expiry (so a new token; the old one stops working). `mayEmail` is the caller's email cap.
 */
export async function renewConfirmationLink(
  token: string,
  mayEmail: (campaignId: string, email: string) => Promise<boolean>,
): Promise<boolean> {
  if (!TOKEN_PATTERN.test(token)) return false;
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string; email: string; locale: Locale; campaign_id: string }[]>`
      SELECT s.id, s.email, s.locale::text AS locale, g.campaign_id FROM signature_submissions s
      JOIN signatures g ON g.id = s.signature_id
      WHERE s.token_hash = ${hashToken(token)} AND s.confirmed_at IS NULL AND g.status = 'pending'
      FOR UPDATE OF s`;
    if (!row) return false;
    const expiresAt = confirmationExpiry();
    await tx.signatureSubmission.update({
      where: { id: row.id },
      data: { tokenHash: hashToken(confirmationToken(row.id, expiresAt)), tokenExpiresAt: expiresAt },
    });
    // Over the cap the page still says a new link is on its way: the link is renewed, not mailed.
    if (await mayEmail(row.campaign_id, row.email)) {
      await queueConfirmationEmail(tx, row.id, expiresAt, row.locale, row.email);
    }
    return true;
  });
}

/**
 * Withdraws a signature (pending or confirmed); a counted one leaves the count at once. The name,
 * address and postcode are erased at once and every waiting submission with them; the keyed hash
 * of the address stays, so signing again is recognised.
 */
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
      data: { status: "withdrawn", withdrawnAt: new Date(), name: null, email: null, postcode: null },
    });
    await tx.signatureSubmission.deleteMany({ where: { signatureId: signature.id } });
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

export type PublicSigner = { display: DisplayChoice; name: string | null; countryIso3: string | null };

/** How a signer appears in public: only what they chose to show. */
export function publicSigner(row: {
  displayChoice: DisplayChoice;
  name: string | null;
  countryIso3: string | null;
}) {
  return {
    display: row.displayChoice,
    name: row.displayChoice === "anonymous" || !row.name ? null : displayName(row.name, row.displayChoice),
    // An anonymous signer's country is not shown either: for DPRK signers it could identify them.
    countryIso3: row.displayChoice === "anonymous" ? null : row.countryIso3,
  };
}

export type RecentSigner = PublicSigner & { confirmedAt: Date };
