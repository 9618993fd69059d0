import { beforeAll, describe, expect, it } from "vitest";
import {
  clearSignatureFlag,
  listFlaggedSignatures,
  summarizeFlaggedSignatures,
} from "~/models/signature-review.server";
import { confirmSignature, countSignatures, signPetition, type SignInput } from "~/models/signature.server";
import { getPrisma } from "~/utils/db.server";
import { seedDatabase } from "../../prisma/seed";
import { confirmationTokenFor, createCampaign } from "../factories";

beforeAll(async () => {
  await seedDatabase(getPrisma());
});

function signer(campaignId: string, email: string, flagReason: string | null): SignInput {
  return {
    campaignId,
    name: "Held Signer",
    email,
    countryIso3: "KOR",
    postcode: null,
    displayChoice: "initials",
    fromDprk: false,
    locale: "ko",
    wantsUpdates: false,
    ipHash: null,
    flagReason,
    sendEmail: true,
  };
}

async function signAndConfirm(input: SignInput) {
  await signPetition(input);
  await confirmSignature(await confirmationTokenFor(input.campaignId, input.email));
  return (await getPrisma().signature.findFirstOrThrow({ where: { email: input.email } })).id;
}

describe("reviewing held (flagged) signatures", () => {
  it("lists and sums them per campaign and reason; clearing one counts it, once", async () => {
    const campaign = await createCampaign({ slug: "review-queue", status: "live" });
    const other = await createCampaign({ slug: "review-other", status: "live" });
    const held = await signAndConfirm(signer(campaign.id, "nojs@example.org", "challenge-unsolved"));
    await signPetition(signer(campaign.id, "pending@example.org", "challenge-unsolved"));
    await signAndConfirm(signer(campaign.id, "fast@example.org", "too-fast"));
    await signAndConfirm(signer(campaign.id, "fine@example.org", null));
    await signAndConfirm(signer(other.id, "elsewhere@example.org", "honeypot"));

    expect(await summarizeFlaggedSignatures(campaign.id)).toEqual([
      { reason: "challenge-unsolved", status: "pending", count: 1 },
      { reason: "challenge-unsolved", status: "confirmed", count: 1 },
      { reason: "too-fast", status: "confirmed", count: 1 },
    ]);
    const unsolved = await listFlaggedSignatures(campaign.id, { reason: "challenge-unsolved" });
    expect(unsolved.map((s) => s.email)).toEqual(["pending@example.org", "nojs@example.org"]);
    const older = await listFlaggedSignatures(campaign.id, { before: unsolved[0]!.createdAt, limit: 1 });
    expect(older).toHaveLength(1);

    expect((await countSignatures(campaign.id)).total).toBe(1);
    expect(await clearSignatureFlag(held)).toBe("cleared");
    expect(await clearSignatureFlag(held)).toBe("not-flagged");
    expect(await countSignatures(campaign.id)).toEqual({ total: 2, byCountry: { KOR: 2 } });
    const cleared = await getPrisma().signature.findUniqueOrThrow({ where: { id: held } });
    expect([cleared.flagged, cleared.flagReason]).toEqual([false, "challenge-unsolved"]);
    expect(await clearSignatureFlag("00000000-0000-4000-8000-000000000000")).toBe("invalid");
  });

  it("clearing a pending signature counts it only when it is confirmed", async () => {
    const campaign = await createCampaign({ slug: "review-pending", status: "live" });
    await signPetition(signer(campaign.id, "later@example.org", "rate-limit-ip"));
    const row = await getPrisma().signature.findFirstOrThrow({ where: { email: "later@example.org" } });
    expect(await clearSignatureFlag(row.id)).toBe("cleared");
    expect((await countSignatures(campaign.id)).total).toBe(0);
    await confirmSignature(await confirmationTokenFor(campaign.id, "later@example.org"));
    expect((await countSignatures(campaign.id)).total).toBe(1);
  });
});
