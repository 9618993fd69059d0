// Gifts that never happened are not kept: an abandoned, expired or failed checkout goes after 30
// days (donor's address with it), a post whose session never opened after a day; paid gifts stay.
import { describe, expect, it } from "vitest";
import { applyRetention } from "~/models/retention.server";
import { getPrisma } from "~/utils/db.server";

const DAY = 86_400_000;

async function donation(
  status: "pending" | "succeeded" | "failed" | "canceled",
  ageDays: number,
  session: boolean,
) {
  const at = new Date(Date.now() - ageDays * DAY);
  const row = await getPrisma().donation.create({
    data: {
      kind: "one_time",
      status,
      amount: 2_500,
      currency: "USD",
      locale: "en",
      email: "donor@example.org",
      checkoutSessionId: session ? `cs_test_${crypto.randomUUID().replaceAll("-", "")}` : null,
      createdAt: at,
    },
  });
  // updatedAt is set by Prisma on write; age it as the last change would have.
  await getPrisma().$executeRaw`UPDATE donations SET updated_at = ${at} WHERE id = ${row.id}::uuid`;
  return row.id;
}

describe("retention of gifts", () => {
  it("deletes unpaid gifts after 30 days and sessionless posts after a day, and keeps every paid or live one", async () => {
    const gone = [
      await donation("canceled", 31, true),
      await donation("failed", 31, true),
      await donation("pending", 2, false),
    ];
    const kept = [
      await donation("canceled", 29, true),
      await donation("pending", 2, true),
      await donation("pending", 0.5, false),
      await donation("succeeded", 400, true),
    ];
    const report = await applyRetention();
    expect(report.unpaidDonations).toBe(3);
    const left = await getPrisma().donation.findMany({ select: { id: true } });
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    expect(gone.every((id) => !left.some((row) => row.id === id))).toBe(true);
  });
});
