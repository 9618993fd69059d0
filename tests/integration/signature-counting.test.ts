import { beforeAll, describe, expect, it } from "vitest";
import {
  confirmSignature,
  countSignatures,
  signPetition,
  UPDATES_CONSENT_VERSION,
  withdrawSignature,
  type SignInput,
} from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { confirmationTokenFor, createCampaign } from "../factories";

beforeAll(async () => {
  await seedDatabase(getPrisma());
});

function signer(campaignId: string, i: number, overrides: Partial<SignInput> = {}): SignInput {
  return {
    campaignId,
    name: `Signer ${i}`,
    email: `signer-${i}@example.org`,
    countryIso3: ["KOR", "JPN", "USA", null][i % 4]!,
    postcode: null,
    displayChoice: "initials",
    fromDprk: false,
    locale: "en",
    wantsUpdates: false,
    ipHash: null,
    flagReason: null,
    sendEmail: true,
    ...overrides,
  };
}

const tokenFor = confirmationTokenFor;

describe("counting confirmed signatures", () => {
  it("is exact after 1,000 concurrent confirmations, each also sent twice at once", async () => {
    const campaign = await createCampaign({ slug: "thousand" });
    const count = 1_000;
    for (let start = 0; start < count; start += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => signPetition(signer(campaign.id, start + j))));
    }
    const tokens = await Promise.all(
      Array.from({ length: count }, (_, i) => tokenFor(campaign.id, `signer-${i}@example.org`)),
    );

    // Every link clicked twice, all at once: the second click of each must change nothing.
    const outcomes = await Promise.all([...tokens, ...tokens].map((token) => confirmSignature(token)));
    expect(outcomes.filter((o) => o.outcome === "confirmed")).toHaveLength(count);
    expect(outcomes.filter((o) => o.outcome === "already-confirmed")).toHaveLength(count);

    const counts = await countSignatures(campaign.id);
    expect(counts.total).toBe(count);
    expect(counts.byCountry).toEqual({ KOR: 250, JPN: 250, USA: 250, ZZZ: 250 });
    // Spread over shards: never one hot row per campaign.
    const rows = await getPrisma().signatureCount.count({ where: { campaignId: campaign.id } });
    expect(rows).toBeGreaterThan(4);
    expect(rows).toBeLessThanOrEqual(4 * 16);
  }, 120_000);

  it("never counts a flagged signature, and a withdrawal leaves the count at once", async () => {
    const campaign = await createCampaign({ slug: "flags" });
    await signPetition(signer(campaign.id, 1));
    await signPetition(signer(campaign.id, 2, { flagReason: "too-fast" }));
    await confirmSignature(await tokenFor(campaign.id, "signer-1@example.org"));
    await confirmSignature(await tokenFor(campaign.id, "signer-2@example.org"));
    expect((await countSignatures(campaign.id)).total).toBe(1);

    const counted = await getPrisma().signature.findFirstOrThrow({
      where: { campaignId: campaign.id, flagged: false },
    });
    expect(await withdrawSignature(counted.id)).toBe("withdrawn");
    expect(await withdrawSignature(counted.id)).toBe("already-withdrawn");
    expect((await countSignatures(campaign.id)).total).toBe(0);
  });

  it("subscribes a signer who asked for updates only once they confirm, recording the consent", async () => {
    const campaign = await createCampaign({ slug: "updates" });
    await signPetition(signer(campaign.id, 7, { wantsUpdates: true, locale: "ja" }));
    expect(await getPrisma().subscription.count({ where: { campaignId: campaign.id } })).toBe(0);
    await confirmSignature(await tokenFor(campaign.id, "signer-7@example.org"));
    const subscription = await getPrisma().subscription.findFirstOrThrow({
      where: { campaignId: campaign.id },
      include: { subscriber: true },
    });
    expect(subscription.status).toBe("active");
    expect(subscription.subscriber).toMatchObject({ email: "signer-7@example.org", locale: "ja" });
    const consent = await getPrisma().consentRecord.findFirstOrThrow({
      where: { subscriberId: subscription.subscriberId },
    });
    expect(consent).toMatchObject({
      action: "confirmed",
      consentVersion: UPDATES_CONSENT_VERSION,
      source: "signature-form",
      locale: "ja",
    });
  });

  it("a signature signed again while pending gets a second link; either confirms it, once", async () => {
    const campaign = await createCampaign({ slug: "resign" });
    await signPetition(signer(campaign.id, 9));
    const firstToken = await tokenFor(campaign.id, "signer-9@example.org");
    expect(await signPetition(signer(campaign.id, 9, { name: "Second Try" }))).toBe("sent-confirmation");
    const secondToken = await tokenFor(campaign.id, "signer-9@example.org");
    expect(secondToken).not.toBe(firstToken);
    expect((await confirmSignature(firstToken)).outcome).toBe("confirmed");
    expect((await confirmSignature(secondToken)).outcome).toBe("already-confirmed");
    expect(await signPetition(signer(campaign.id, 9))).toBe("already-confirmed");
    expect(await getPrisma().signature.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect((await countSignatures(campaign.id)).total).toBe(1);
  });
});
