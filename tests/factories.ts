// Test data, built through the real database. Each factory fills in realistic defaults, so a
// test names only what it is about.
import { randomUUID } from "node:crypto";
import type { CampaignStatus, Locale } from "~/generated/prisma/client";
import { confirmSignature, signPetition, type SignInput } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { confirmationToken } from "~/utils/signature-tokens.server";
import { COUNTRIES } from "../prisma/data/un-member-states";

export async function createCountry(iso3: string) {
  const record = COUNTRIES.find((country) => country.iso3 === iso3);
  if (!record) throw new Error(`No such country in the seed data: ${iso3}`);
  const { en, ko, ja, ...rest } = record;
  const data = { ...rest, nameEn: en, nameKo: ko, nameJa: ja };
  return getPrisma().country.upsert({ where: { iso3 }, update: {}, create: data });
}

export async function createCouncilSeat(
  iso3: string,
  year: number,
  kind: "permanent" | "elected" = "elected",
) {
  await createCountry(iso3);
  return getPrisma().councilSeat.create({ data: { countryIso3: iso3, year, kind } });
}

type CampaignOptions = {
  slug?: string;
  status?: CampaignStatus;
  sourceLocale?: Locale;
  /** Which languages get a translation; titles are "<slug> title (<locale>)". */
  locales?: Locale[];
  targets?: string[];
  signatureGoal?: number;
  publishedAt?: Date;
};

export async function createCampaign(options: CampaignOptions = {}) {
  const slug = options.slug ?? `campaign-${randomUUID().slice(0, 8)}`;
  const targets = options.targets ?? ["USA", "FRA"];
  for (const iso3 of targets) await createCountry(iso3);
  return getPrisma().campaign.create({
    data: {
      slug,
      status: options.status ?? "live",
      sourceLocale: options.sourceLocale ?? "en",
      signatureGoal: options.signatureGoal ?? 10_000,
      publishedAt: options.publishedAt ?? new Date(),
      translations: {
        create: (options.locales ?? ["en", "ko", "ja"]).map((locale) => ({
          locale,
          title: `${slug} title (${locale})`,
          summary: `${slug} summary (${locale})`,
          petition: `${slug} petition (${locale})`,
        })),
      },
      targets: { create: targets.map((countryIso3, position) => ({ countryIso3, position })) },
    },
  });
}

/** What a supporter submits: the i-th signer of a campaign, in en/ko/ja in turn. */
export function signerInput(campaignId: string, i: number, overrides: Partial<SignInput> = {}): SignInput {
  return {
    campaignId,
    name: `Signer ${i}`,
    email: `signer-${i}@example.org`,
    countryIso3: "KOR",
    postcode: null,
    displayChoice: "initials",
    fromDprk: false,
    locale: (["en", "ko", "ja"] as const)[i % 3]!,
    wantsUpdates: false,
    ipHash: null,
    flagReason: null,
    sendEmail: true,
    ...overrides,
  };
}

/**
 * The token a submission's confirmation email carries, recomputed as the email job does: of the
 * newest submission for `email` on the campaign.
 */
export async function confirmationTokenFor(campaignId: string, email: string): Promise<string> {
  const submission = await getPrisma().signatureSubmission.findFirstOrThrow({
    where: { email, signature: { campaignId } },
    orderBy: { createdAt: "desc" },
  });
  return confirmationToken(submission.id, submission.tokenExpiresAt);
}

/** A counted signature, through the real steps: signed, then confirmed from the emailed link. */
export async function createConfirmedSignature(input: SignInput) {
  await signPetition(input);
  await confirmSignature(await confirmationTokenFor(input.campaignId, input.email));
  return getPrisma().signature.findFirstOrThrow({
    where: { campaignId: input.campaignId, email: input.email },
  });
}
