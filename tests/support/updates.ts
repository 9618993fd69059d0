// Updates and their audiences for tests: subscribers with a language and perhaps a country, on a
// campaign's list or the general one, and the send job run as a worker would run it.
import { randomUUID } from "node:crypto";
import type { Locale } from "~/generated/prisma/client";
import { sendUpdateJob } from "~/jobs/send-update.server";
import { getPrisma } from "~/utils/db.server";
import { normalizeEmail } from "~/utils/email-address";

export async function subscribe(options: {
  email?: string;
  locale?: Locale;
  countryIso3?: string | null;
  campaignId?: string | null;
}) {
  const email = options.email ?? `sub-${randomUUID().slice(0, 8)}@example.org`;
  const subscriber = await getPrisma().subscriber.create({
    data: {
      email,
      emailNormal: normalizeEmail(email),
      locale: options.locale ?? "en",
      countryIso3: options.countryIso3 ?? null,
      status: "active",
      subscriptions: {
        create: { campaignId: options.campaignId ?? null, status: "active", confirmedAt: new Date() },
      },
    },
    include: { subscriptions: true },
  });
  return subscriber;
}

/** A draft update with text in `locales` ("<Locale> subject", "Hello in <locale>."). */
export async function createDraftUpdate(
  options: {
    campaignId?: string | null;
    locales?: Locale[];
    unVoteId?: string | null;
    authorId?: string;
  } = {},
) {
  return getPrisma().update.create({
    data: {
      campaignId: options.campaignId ?? null,
      unVoteId: options.unVoteId ?? null,
      authorId: options.authorId ?? null,
      translations: {
        create: (options.locales ?? ["en", "ko", "ja"]).map((locale) => ({
          locale,
          subject: `${locale} subject`,
          body: `Hello in **${locale}**.\n\nSecond paragraph (${locale}).`,
        })),
      },
    },
  });
}

/** What a worker does: run the job until the update leaves `sending` (each run is one chunk). */
export async function runSendJob(updateId: string, maxRuns = 50): Promise<void> {
  for (let run = 0; run < maxRuns; run++) {
    await sendUpdateJob.run({ updateId });
    const { status } = await getPrisma().update.findUniqueOrThrow({ where: { id: updateId } });
    if (status !== "sending") return;
  }
  throw new Error("the update never stopped sending");
}

/** Outbox messages per recipient address. */
export async function outboxCounts(): Promise<Map<string, number>> {
  const rows = await getPrisma().outboxMessage.findMany({ select: { to: true } });
  const counts = new Map<string, number>();
  for (const row of rows) for (const to of row.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}
