// Flagged ("suspicious") signatures, for staff to review: kept, never counted while flagged
// (docs/decisions/0010, 0013). A flag staff clear counts the signature if it is confirmed; its
// reason stays on the row, as the record of why it was held.
import { addToCount } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";

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
    if (!row.flagged) return "not-flagged" as const;
    await tx.signature.update({ where: { id: signatureId }, data: { flagged: false } });
    if (row.status === "confirmed") await addToCount(tx, row.campaign_id, row.country_iso3, 1);
    return "cleared" as const;
  });
}
