// Flagged ("suspicious") signatures, for staff to review: kept, never counted while flagged
// (docs/decisions/0010, 0013). A flag staff clear counts the signature if it is confirmed; its
// reason stays on the row, as the record of why it was held.
import { addToCount } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { HELD_PAGE_SIZE, type HoldReason } from "~/utils/staff-ops";

/** How many signatures of a campaign are held, by reason and status. */
export async function summarizeFlaggedSignatures(campaignId: string) {
  const rows = await getPrisma().signature.groupBy({
    by: ["flagReason", "status"],
    where: { campaignId, flagged: true },
    _count: { _all: true },
    orderBy: [{ flagReason: "asc" }, { status: "asc" }],
  });
  return rows.map((row) => ({ reason: row.flagReason ?? "", status: row.status, count: row._count._all }));
}

/** The held signatures of a campaign, newest first, a page at a time (`before`: the last one's time). */
export async function listFlaggedSignatures(
  campaignId: string,
  options: { reason?: string; before?: Date; limit?: number } = {},
) {
  return getPrisma().signature.findMany({
    where: {
      campaignId,
      flagged: true,
      flagReason: options.reason,
      createdAt: options.before ? { lt: options.before } : undefined,
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.limit ?? 50, 200),
    select: {
      id: true,
      name: true,
      email: true,
      countryIso3: true,
      status: true,
      flagReason: true,
      createdAt: true,
      confirmedAt: true,
    },
  });
}

/**
 * Staff judged a held signature genuine: it is no longer flagged and, if confirmed, counts from
 * now on. Clearing twice changes nothing.
 */
export async function clearSignatureFlag(
  signatureId: string,
): Promise<"cleared" | "not-flagged" | "invalid"> {
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { campaign_id: string; country_iso3: string | null; status: string; flagged: boolean }[]
    >`
      SELECT campaign_id, country_iso3, status::text, flagged FROM signatures
      WHERE id = ${signatureId}::uuid FOR UPDATE`;
    if (!row) return "invalid" as const;
    // An invalidated (withdrawn) signature is done with: clearing it could only confuse the record.
    if (!row.flagged || row.status === "withdrawn") return "not-flagged" as const;
    await tx.signature.update({ where: { id: signatureId }, data: { flagged: false } });
    if (row.status === "confirmed") await addToCount(tx, row.campaign_id, row.country_iso3, 1);
    return "cleared" as const;
  });
}

/** "j•••@example.org": enough to spot a pattern in a domain, not enough to know a person. */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  return at <= 0 ? "•••" : `${email[0]}•••${email.slice(at)}`;
}

function maskName(name: string | null): string | null {
  return name ? `${Array.from(name)[0]}•••` : null;
}

export type HeldFilter = {
  campaignId?: string;
  reason?: HoldReason;
  /** The page after this one: "<createdAt ISO>_<id>" of the last row shown. */
  after?: string;
};

function parseCursor(after: string | undefined): { createdAt: Date; id: string } | null {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_([0-9a-f-]{36})$/.exec(after ?? "");
  return match ? { createdAt: new Date(match[1]!), id: match[2]! } : null;
}

/**
 * Held signatures waiting for staff, across campaigns or of one, newest first, a page at a time.
 * Invalidated (withdrawn) ones are done with and not listed. Addresses and names are masked unless
 * `reveal` (owners and admins).
 */
export async function listHeldSignatures(filter: HeldFilter, reveal: boolean) {
  const cursor = parseCursor(filter.after);
  const rows = await getPrisma().signature.findMany({
    where: {
      flagged: true,
      status: { not: "withdrawn" },
      campaignId: filter.campaignId,
      flagReason: filter.reason,
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HELD_PAGE_SIZE + 1,
    select: {
      id: true,
      name: true,
      email: true,
      countryIso3: true,
      status: true,
      flagReason: true,
      createdAt: true,
      campaign: { select: { id: true, slug: true } },
    },
  });
  const page = rows.slice(0, HELD_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      id: row.id,
      name: reveal ? row.name : maskName(row.name),
      email: reveal ? row.email : maskEmail(row.email),
      countryIso3: row.countryIso3,
      status: row.status,
      reason: row.flagReason ?? "",
      createdAt: row.createdAt.toISOString(),
      campaign: row.campaign,
    })),
    next: rows.length > HELD_PAGE_SIZE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

/**
 * Staff judged a held signature fake: it leaves the queue as withdrawn, with its name, address,
 * postcode and waiting links erased (they were typed by whoever held it), and keeps its reason.
 * It was never counted, so no count changes; the address may still sign for real later.
 */
export async function invalidateHeldSignature(
  signatureId: string,
): Promise<"invalidated" | "not-flagged" | "invalid"> {
  return getPrisma().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string; flagged: boolean }[]>`
      SELECT status::text, flagged FROM signatures WHERE id = ${signatureId}::uuid FOR UPDATE`;
    if (!row) return "invalid" as const;
    if (!row.flagged || row.status === "withdrawn") return "not-flagged" as const;
    await tx.signature.update({
      where: { id: signatureId },
      data: { status: "withdrawn", withdrawnAt: new Date(), name: null, email: null, postcode: null },
    });
    await tx.signatureSubmission.deleteMany({ where: { signatureId } });
    return "invalidated" as const;
  });
}

/** Clears or invalidates several held signatures; says how many changed. */
export async function reviewHeldSignatures(ids: string[], decision: "clear" | "invalidate") {
  let changed = 0;
  for (const id of ids) {
    const outcome = decision === "clear" ? await clearSignatureFlag(id) : await invalidateHeldSignature(id);
    if (outcome === "cleared" || outcome === "invalidated") changed++;
  }
  return { requested: ids.length, changed };
}

/** Campaigns to filter the queue by, newest first. */
export async function listCampaignsForReview() {
  const campaigns = await getPrisma().campaign.findMany({
    where: { archivedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, slug: true },
    take: 200,
  });
  return campaigns;
}
