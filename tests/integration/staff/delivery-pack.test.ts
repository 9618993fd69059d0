import { randomUUID } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { markdownParagraphs } from "~/utils/markdown-text";
import { buildDeliveryDocument, missionLocale } from "~/models/delivery-pack.server";
import { renderDeliveryPackPdf } from "~/services/delivery-pack/pdf.server";
import { loader as pageLoader } from "~/routes/($lang).admin.campaigns.$id.delivery.$iso3";
import { loader as pdfLoader } from "~/routes/($lang).admin.campaigns.$id.delivery.$iso3_.pack[.pdf]";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createCountry, createCouncilSeat } from "../../factories";
import { readPdf } from "../../support/pdf-text";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

async function call(loader: Loader, path: string, as: SignedIn, params: Record<string, string>) {
  try {
    return (await loader({ request: staffRequest(path, as), params, context: TEST_CONTEXT })) as unknown;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let counter = 0;
/** A confirmed, counted signature, with its count added to the shards as confirming does. */
async function addSigner(campaignId: string, data: Partial<Prisma.SignatureUncheckedCreateInput> = {}) {
  counter++;
  const prisma = getPrisma();
  const signature = await prisma.signature.create({
    data: {
      campaignId,
      name: `Signer ${counter}`,
      email: `pack-${counter}@example.org`,
      emailKey: `key-${randomUUID()}`,
      countryIso3: "USA",
      displayChoice: "full_name",
      locale: "en",
      status: "confirmed",
      confirmedAt: new Date(Date.now() + counter),
      ...data,
    },
  });
  if (signature.status === "confirmed" && !signature.flagged) {
    await prisma.$executeRaw`
      INSERT INTO signature_counts (campaign_id, country_iso3, shard, count)
      VALUES (${campaignId}::uuid, ${signature.countryIso3 ?? "ZZZ"}, 0, 1)
      ON CONFLICT (campaign_id, country_iso3, shard) DO UPDATE SET count = signature_counts.count + 1`;
  }
  return signature;
}

const PETITION_KO =
  "## 청원\n\n안보리 이사국 여러분께 **공개 회의**를 요청해 주시기 바랍니다.\n\n<script>alert(1)</script>";
const PETITION_EN = "We ask you to [request an open meeting](https://un.example/meeting) &amp; vote *yes*.";

async function packCampaign(options: { atRisk?: boolean } = {}) {
  for (const iso3 of ["KOR", "USA", "PRK", "JPN", "CHN", "FRA"]) await createCountry(iso3);
  const year = new Date().getUTCFullYear();
  await createCouncilSeat("USA", year, "permanent").catch(() => undefined);
  await createCouncilSeat("FRA", year, "permanent").catch(() => undefined);
  await createCouncilSeat("CHN", year, "permanent").catch(() => undefined);
  const campaign = await createCampaign({ targets: ["KOR", "USA"] });
  const prisma = getPrisma();
  await prisma.campaign.update({
    where: { id: campaign.id },
    data: { privacyMode: options.atRisk ? "at_risk" : "normal", sensitiveCountries: ["CHN"] },
  });
  await prisma.campaignTranslation.update({
    where: { campaignId_locale: { campaignId: campaign.id, locale: "ko" } },
    data: { petition: PETITION_KO, title: "강제북송 중단" },
  });
  await prisma.campaignTranslation.update({
    where: { campaignId_locale: { campaignId: campaign.id, locale: "en" } },
    data: { petition: PETITION_EN, title: "Stop forced repatriation" },
  });
  for (let i = 0; i < 6; i++) await addSigner(campaign.id, { name: `Visible American ${i}` });
  await addSigner(campaign.id, { name: "김민준", countryIso3: "KOR", displayChoice: "full_name" });
  await addSigner(campaign.id, { name: "山田 太郎", countryIso3: "JPN", displayChoice: "initials" });
  await addSigner(campaign.id, { name: "Hidden Anonymous", displayChoice: "anonymous" });
  await addSigner(campaign.id, {
    name: "Escapee Secret",
    countryIso3: "PRK",
    fromDprk: true,
    displayChoice: "anonymous",
  });
  // Ticked the box but chose a country and (before the rule) a shown name: still never named.
  await addSigner(campaign.id, {
    name: "Dprk Ticked Shown",
    countryIso3: "KOR",
    fromDprk: true,
    displayChoice: "full_name",
  });
  await addSigner(campaign.id, { name: "Chen Sensitive", countryIso3: "CHN" });
  await addSigner(campaign.id, { name: "Pending Person", status: "pending", confirmedAt: null });
  await addSigner(campaign.id, { name: "Flagged Person", flagged: true, flagReason: "blocked" });
  return campaign;
}

const pagePath = (id: string, iso3: string, names = false) =>
  `/admin/campaigns/${id}/delivery/${iso3}${names ? "?names=1" : ""}`;
const pdfPath = (id: string, iso3: string, names = false) =>
  `/admin/campaigns/${id}/delivery/${iso3}/pack.pdf${names ? "?names=1" : ""}`;

async function pdfText(campaignId: string, iso3: string, includeNames: boolean) {
  const pack = (await buildDeliveryDocument({ campaignId, iso3, includeNames }))!;
  const stream = await renderDeliveryPackPdf(pack, { compress: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return { bytes, facts: readPdf(bytes) };
}

describe("delivery pack", () => {
  it("reads the petition in the mission's language and English, as plain text", async () => {
    expect([missionLocale("KOR"), missionLocale("JPN"), missionLocale("USA")]).toEqual(["ko", "ja", "en"]);
    expect(markdownParagraphs(PETITION_KO)).toEqual([
      "청원",
      "안보리 이사국 여러분께 공개 회의를 요청해 주시기 바랍니다.",
    ]);
    expect(markdownParagraphs(PETITION_EN)).toEqual([
      "We ask you to request an open meeting (https://un.example/meeting) & vote yes.",
    ]);
    const campaign = await packCampaign();
    const korea = (await buildDeliveryDocument({
      campaignId: campaign.id,
      iso3: "KOR",
      includeNames: false,
    }))!;
    expect(korea.petitions.map((p) => [p.locale, p.title])).toEqual([
      ["ko", "강제북송 중단"],
      ["en", "Stop forced repatriation"],
    ]);
    const usa = (await buildDeliveryDocument({ campaignId: campaign.id, iso3: "USA", includeNames: false }))!;
    expect(usa.petitions.map((p) => p.locale)).toEqual(["en"]);
    // Not a target of the campaign: no pack.
    expect(
      await buildDeliveryDocument({ campaignId: campaign.id, iso3: "JPN", includeNames: false }),
    ).toBeNull();
  });

  it("counts confirmed signers, folds the DPRK and sensitive countries and small counts, and marks the Council", async () => {
    const campaign = await packCampaign();
    const pack = (await buildDeliveryDocument({
      campaignId: campaign.id,
      iso3: "USA",
      includeNames: false,
    }))!;
    // 6 Americans, KOR ×2, JPN, anonymous (USA), PRK, CHN: 12 confirmed and counted.
    expect(pack.total.value[0]!.text).toBe("12");
    const rows = pack.byCountry.rows.map((row) => [row[0]![0]!.text, row[1]![0]!.text]);
    expect(rows).toEqual([
      ["United States of America", "7"],
      ["Japan", "fewer than 5"],
      ["Republic of Korea", "fewer than 5"],
      ["Other countries, or not shown", "fewer than 5"],
    ]);
    const council = pack.council.rows.map((row) => row.map((cell) => cell[0]!.text));
    expect(council).toContainEqual(["United States of America", "Permanent member", "7"]);
    expect(council).toContainEqual(["France", "Permanent member", "0"]);
    expect(council).toContainEqual([
      "China",
      "Permanent member",
      "counted under “Other countries, or not shown”",
    ]);
    expect(pack.dates.rows[2]!.value[0]!.text).toMatch(/UTC/);
    expect(pack.names).toBeNull();
  });

  it("lists names only when asked, only those shown, never a North Korea signer's", async () => {
    const campaign = await packCampaign();
    const pack = (await buildDeliveryDocument({ campaignId: campaign.id, iso3: "KOR", includeNames: true }))!;
    const names = pack.names!.names;
    expect(names).toContain("김민준");
    expect(names).toContain("Visible American 0");
    expect(names).toContain("山田○○");
    expect(names).toContain("Chen Sensitive");
    for (const hidden of [
      "Hidden Anonymous",
      "Escapee Secret",
      "Dprk Ticked Shown",
      "Pending Person",
      "Flagged Person",
    ])
      expect(names).not.toContain(hidden);
  });

  it("never lists names for an at-risk campaign, even when asked", async () => {
    const campaign = await packCampaign({ atRisk: true });
    const pack = (await buildDeliveryDocument({ campaignId: campaign.id, iso3: "KOR", includeNames: true }))!;
    expect(pack.atRisk).toBe(true);
    expect(pack.names).toBeNull();
  });

  it("makes a valid PDF with the fonts embedded, the petition in Korean and English, and names only when ticked", async () => {
    const campaign = await packCampaign();
    const without = await pdfText(campaign.id, "KOR", false);
    expect(without.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(without.bytes.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
    expect(without.facts.pages).toBeGreaterThanOrEqual(1);
    // Subset fonts carry a six-letter tag before their name.
    expect(without.facts.embeddedFonts.some((name) => /^[A-Z]{6}\+Pretendard/.test(name))).toBe(true);
    const text = without.facts.text.replace(/\s+/g, " ");
    for (const expected of [
      "강제북송 중단",
      "Stop forced repatriation",
      "공개 회의",
      "request an open meeting",
      "12",
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain("alert(1)");
    for (const name of ["김민준", "Visible American", "Escapee Secret", "Dprk Ticked Shown"])
      expect(text).not.toContain(name);

    const withNames = await pdfText(campaign.id, "KOR", true);
    const named = withNames.facts.text.replace(/\s+/g, " ");
    expect(withNames.facts.pages).toBeGreaterThan(without.facts.pages);
    for (const name of ["김민준", "Visible American 3"]) expect(named).toContain(name);
    // Drawn in two fonts, so two runs of text: compare without the gaps between runs.
    expect(named.replace(/\s+/g, "")).toContain("山田○○");
    for (const name of ["Escapee Secret", "Dprk Ticked Shown", "Hidden Anonymous"])
      expect(named).not.toContain(name);
    // A Japanese name on a Korean mission's pack is drawn with the Japanese font, not as boxes.
    expect(withNames.facts.embeddedFonts.some((name) => /BIZUDPGothic/i.test(name))).toBe(true);
    expect(named).not.toContain("\uFFFD");
  });

  it("answers the page and the PDF to campaigners, audits both, and refuses viewers", async () => {
    const campaign = await packCampaign();
    const params = { id: campaign.id, iso3: "KOR" };
    const viewer = await signedInStaff("viewer");
    expect(((await call(pdfLoader, pdfPath(campaign.id, "KOR"), viewer, params)) as Response).status).toBe(
      403,
    );
    expect(((await call(pageLoader, pagePath(campaign.id, "KOR"), viewer, params)) as Response).status).toBe(
      403,
    );

    const campaigner = await signedInStaff("campaigner");
    const response = (await call(pdfLoader, pdfPath(campaign.id, "kor", true), campaigner, {
      ...params,
      iso3: "kor",
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="rollcall-delivery-pack-KOR-[\d-]+\.pdf"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const page = (await call(pageLoader, pagePath(campaign.id, "KOR"), campaigner, params)) as {
      pack: { names: unknown };
    };
    expect(page.pack.names).toBeNull();

    const audits = await getPrisma().auditLog.findMany({
      where: { action: "delivery-pack.downloaded", actorId: campaigner.userId },
      orderBy: { id: "asc" },
    });
    expect(audits.map((audit) => audit.details)).toEqual([
      { mission: "KOR", format: "pdf", names: 9 },
      { mission: "KOR", format: "page", names: 0 },
    ]);
    expect(audits[0]).toMatchObject({ targetType: "campaign", targetId: campaign.id });

    const missing = (await call(pdfLoader, pdfPath(campaign.id, "JPN"), campaigner, {
      ...params,
      iso3: "JPN",
    })) as Response;
    expect(missing.status).toBe(404);
  });
});
