// Donation and monthly-gift rows written straight to the database, as the webhook handlers leave
// them: these tests are about what is read back (totals, the staff list, exports, statements).
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";

export async function createDonation(data: Partial<Prisma.DonationUncheckedCreateInput> = {}) {
  const succeeded = (data.status ?? "succeeded") === "succeeded";
  return getPrisma().donation.create({
    data: {
      kind: "one_time",
      status: "succeeded",
      amount: 2_500,
      currency: "USD",
      locale: "en",
      email: `donor-${randomUUID().slice(0, 8)}@example.org`,
      paymentIntentId: `pi_${randomUUID().replaceAll("-", "")}`,
      paidAt: succeeded ? (data.createdAt ?? new Date()) : null,
      ...data,
    },
  });
}

export async function createMonthlyGift(data: Partial<Prisma.MonthlyGiftUncheckedCreateInput> = {}) {
  return getPrisma().monthlyGift.create({
    data: {
      stripeSubscriptionId: `sub_${randomUUID().replaceAll("-", "")}`,
      status: "active",
      amount: 10_000,
      currency: "KRW",
      locale: "ko",
      email: `monthly-${randomUUID().slice(0, 8)}@example.org`,
      ...data,
    },
  });
}
