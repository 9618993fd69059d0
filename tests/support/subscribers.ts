// Subscribers and their list memberships, as a signer who ticked "send me updates" would have them.
import type { Locale } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";

export async function createSubscription(options: { email: string; campaignId: string; locale?: Locale }) {
  const email = canonicalEmail(options.email);
  const subscriber = await getPrisma().subscriber.upsert({
    where: { emailNormal: normalizeEmail(email) },
    update: {},
    create: { email, emailNormal: normalizeEmail(email), locale: options.locale ?? "en", status: "active" },
  });
  return getPrisma().subscription.create({
    data: {
      subscriberId: subscriber.id,
      campaignId: options.campaignId,
      status: "active",
      confirmedAt: new Date(),
    },
  });
}
