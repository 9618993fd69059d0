import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { EXPORTS_BUSY, exportSignatures, findExportCampaign, type CsvExport } from "~/models/export.server";
import { loader as signaturesLoader } from "~/routes/($lang).admin.campaigns.$id.export[.csv]";
import { loader as subscribersLoader } from "~/routes/($lang).admin.export.subscribers[.csv]";
import { loader as jobFailuresLoader } from "~/routes/($lang).admin.export.job-failures[.csv]";
import { getPool, getPrisma, MAX_EXPORT_CONNECTIONS } from "~/utils/db.server";
import type { StaffRoleName } from "~/utils/staff-roles";
import { createCampaign, createCountry } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

type Loader = typeof signaturesLoader;

async function call(loader: Loader, path: string, as: SignedIn, params: Record<string, string> = {}) {
  try {
    return await loader({ request: staffRequest(path, as), params, context: TEST_CONTEXT });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function readCsv(response: Response): Promise<{ text: string; rows: Record<string, string>[] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The BOM must be there for Excel; it is not part of the first column's name.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  return { text, rows: parse(text, { columns: true }) as Record<string, string>[] };
}

let counter = 0;
async function addSignature(campaignId: string, data: Partial<Prisma.SignatureUncheckedCreateInput> = {}) {
  counter++;
  return getPrisma().signature.create({
    data: {
      campaignId,
      name: `Signer ${counter}`,
      email: `signer-${counter}@example.org`,
      emailKey: `key-${randomUUID()}`,
      countryIso3: "KOR",
      displayChoice: "full_name",
      locale: "ko",
      status: "confirmed",
      confirmedAt: new Date(),
      ipHash: "secret-ip-hash-value",
      postcode: "03000",
      ...data,
    },
  });
}

async function campaignWithSigners(options: { atRisk?: boolean } = {}) {
  for (const iso3 of ["KOR", "PRK", "CHN"]) await createCountry(iso3);
  const campaign = await createCampaign();
  await getPrisma().campaign.update({
    where: { id: campaign.id },
    data: { sensitiveCountries: ["CHN"], privacyMode: options.atRisk ? "at_risk" : "normal" },
  });
  const plain = await addSignature(campaign.id, { name: "김민준" });
  const dprk = await addSignature(campaign.id, {
    name: "Escapee Name",
    countryIso3: "PRK",
    fromDprk: true,
    displayChoice: "anonymous",
  });
  const sensitive = await addSignature(campaign.id, { name: "Chen Sensitive", countryIso3: "CHN" });
  const formula = await addSignature(campaign.id, {
    name: '=HYPERLINK("http://evil.example","click")',
    status: "pending",
    confirmedAt: null,
    flagged: true,
    flagReason: "@blocked domain",
  });
  return { campaign, plain, dprk, sensitive, formula };
}

const exportPath = (id: string, query = "") => `/admin/campaigns/${id}/export.csv${query}`;

describe("signature export", () => {
  it("gives owners and admins names and emails, and campaigners neither", async () => {
    const { campaign, plain } = await campaignWithSigners();
    const roles: [StaffRoleName, boolean][] = [
      ["owner", true],
      ["admin", true],
      ["campaigner", false],
    ];
    for (const [role, personal] of roles) {
      const response = await call(signaturesLoader, exportPath(campaign.id), await signedInStaff(role), {
        id: campaign.id,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(
        new RegExp(
          `^attachment; filename="rollcall-signatures-${campaign.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
        ),
      );
      const { text, rows } = await readCsv(response);
      expect(rows).toHaveLength(4);
      const header = Object.keys(rows[0]!);
      expect(header.includes("email")).toBe(personal);
      expect(header.includes("name")).toBe(personal);
      for (const secret of ["secret-ip-hash-value", "03000", "key-"]) expect(text).not.toContain(secret);
      expect(text.includes("signer-")).toBe(personal);
      const row = rows.find((r) => r.signature_id === plain.id)!;
      expect(row.country).toBe("KOR");
      expect(row.status).toBe("confirmed");
      expect(row.created_at_utc).toBe(plain.createdAt.toISOString().slice(0, 19) + "Z");
      if (personal) expect(row.name).toBe("김민준");
    }
  });

  it("never names a North Korea signer, and folds the DPRK and sensitive countries into a blank", async () => {
    const { campaign, dprk, sensitive } = await campaignWithSigners();
    const owner = await signedInStaff("owner");
    const { text, rows } = await readCsv(
      await call(signaturesLoader, exportPath(campaign.id), owner, { id: campaign.id }),
    );
    expect(text).not.toContain("Escapee Name");
    expect(text).not.toContain("PRK");
    expect(text).not.toContain("CHN");
    const dprkRow = rows.find((r) => r.signature_id === dprk.id)!;
    expect(dprkRow).toMatchObject({ name: "", country: "", display_choice: "anonymous" });
    expect(dprkRow.email).toBe(dprk.email);
    expect(rows.find((r) => r.signature_id === sensitive.id)).toMatchObject({
      name: "Chen Sensitive",
      country: "",
    });
  });

  it("leaves every name out of an at-risk campaign's export, even for owners", async () => {
    const { campaign } = await campaignWithSigners({ atRisk: true });
    const { rows } = await readCsv(
      await call(signaturesLoader, exportPath(campaign.id), await signedInStaff("owner"), {
        id: campaign.id,
      }),
    );
    expect(rows.map((row) => row.name)).toEqual(["", "", "", ""]);
    expect(rows.every((row) => row.email!.startsWith("signer-"))).toBe(true);
  });

  it("neutralises cells a spreadsheet would run as a formula", async () => {
    const { campaign, formula } = await campaignWithSigners();
    const starts = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"];
    const hostile = await Promise.all(
      starts.map((start) => addSignature(campaign.id, { name: `${start}1 Kim` })),
    );
    const harmless = await addSignature(campaign.id, { name: "Kim = 1" });
    const { rows } = await readCsv(
      await call(signaturesLoader, exportPath(campaign.id), await signedInStaff("admin"), {
        id: campaign.id,
      }),
    );
    const nameOf = (id: string) => rows.find((r) => r.signature_id === id)!.name;
    expect(nameOf(formula.id)).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows.find((r) => r.signature_id === formula.id)!.flag_reason).toBe("'@blocked domain");
    expect(hostile.map((signature) => nameOf(signature.id))).toEqual(starts.map((start) => `'${start}1 Kim`));
    expect(nameOf(harmless.id)).toBe("Kim = 1");
  });

  it("filters by status and audits who exported what, with the row count", async () => {
    const { campaign } = await campaignWithSigners();
    const campaigner = await signedInStaff("campaigner");
    const { rows } = await readCsv(
      await call(signaturesLoader, exportPath(campaign.id, "?status=pending"), campaigner, {
        id: campaign.id,
      }),
    );
    expect(rows).toHaveLength(1);
    const audit = await getPrisma().auditLog.findFirstOrThrow({
      where: { action: "export.signatures", actorId: campaigner.userId },
    });
    expect(audit).toMatchObject({
      actorId: campaigner.userId,
      targetType: "campaign",
      targetId: campaign.id,
    });
    expect(audit.details).toMatchObject({ status: "pending", rows: 1 });
    expect((audit.details as { columns: string[] }).columns).not.toContain("email");
    expect(audit.ipHash).not.toBeNull();
  });

  it("reads the database only as fast as the reader, and a reader who leaves stops the query", async () => {
    const campaign = await createCampaign();
    // Far more CSV than the socket buffers between PostgreSQL and the app hold.
    await getPool().query(
      `INSERT INTO signatures (id, campaign_id, name, email, email_key, display_choice, locale, status)
       SELECT gen_random_uuid(), $1::uuid, repeat('이름', 20) || n, 'slow-' || n || '@example.org',
         'slow-' || n, 'full_name', 'ko', 'confirmed' FROM generate_series(1, 100000) AS n`,
      [campaign.id],
    );
    const owner = await signedInStaff("owner");
    const found = (await findExportCampaign(campaign.id))!;
    const copies = async () =>
      (
        await getPool().query<{ state: string; wait_event_type: string | null }>(
          `SELECT state, wait_event_type FROM pg_stat_activity
           WHERE datname = current_database() AND query LIKE 'COPY (SELECT id,%'`,
        )
      ).rows;
    const exported = (await exportSignatures(
      found,
      { status: "all" },
      { id: owner.userId, role: "owner" },
    )) as CsvExport;
    expect(exported.rows).toBe(100_000);
    const reader = exported.body.getReader();
    const keepBom = new TextDecoder("utf-8", { ignoreBOM: true });
    const header = keepBom.decode((await reader.read()).value);
    expect(header).toBe(
      "\uFEFFsignature_id,name,email,status,flagged,flag_reason,country,display_choice,language,wants_updates,created_at_utc,confirmed_at_utc,withdrawn_at_utc\n",
    );
    await reader.read();
    // Unread, the statement waits on its client (PostgreSQL's "ClientWrite") instead of finishing
    // into this process's memory.
    await expect.poll(copies, { timeout: 5_000 }).toEqual([{ state: "active", wait_event_type: "Client" }]);
    // At most MAX_EXPORT_CONNECTIONS at once: the next one is told to wait, and audits nothing.
    const others: CsvExport[] = [];
    for (let i = 1; i < MAX_EXPORT_CONNECTIONS; i++) {
      others.push(
        (await exportSignatures(found, { status: "all" }, { id: owner.userId, role: "owner" })) as CsvExport,
      );
    }
    const audits = () =>
      getPrisma().auditLog.count({ where: { action: "export.signatures", actorId: owner.userId } });
    expect(await audits()).toBe(MAX_EXPORT_CONNECTIONS);
    expect(await exportSignatures(found, { status: "all" }, { id: owner.userId, role: "owner" })).toBe(
      EXPORTS_BUSY,
    );
    expect(await audits()).toBe(MAX_EXPORT_CONNECTIONS);
    // Every reader leaves: the statements end and the connections are free again.
    await reader.cancel();
    for (const other of others) await other.body.cancel();
    await expect.poll(copies, { timeout: 10_000 }).toEqual([]);
    const again = await exportSignatures(found, { status: "pending" }, { id: owner.userId, role: "owner" });
    expect(again).not.toBe(EXPORTS_BUSY);
    expect(keepBom.decode(await new Response((again as CsvExport).body).arrayBuffer())).toBe(header);
  });

  it("streams thousands of rows through the route, each once, in id order", async () => {
    const campaign = await createCampaign();
    await getPool().query(
      `INSERT INTO signatures (id, campaign_id, name, email, email_key, display_choice, locale, status)
       SELECT gen_random_uuid(), $1::uuid, 'Bulk ' || n, 'bulk-' || n || '@example.org', 'bulk-' || n,
         'initials', 'en', 'confirmed' FROM generate_series(1, 5200) AS n`,
      [campaign.id],
    );
    const { rows } = await readCsv(
      await call(signaturesLoader, exportPath(campaign.id), await signedInStaff("campaigner"), {
        id: campaign.id,
      }),
    );
    expect(rows).toHaveLength(5200);
    const ids = rows.map((row) => row.signature_id!);
    expect(new Set(ids).size).toBe(5200);
    expect(ids).toEqual([...ids].sort());
  });

  it("refuses viewers with 403 and answers 404 for an unknown campaign", async () => {
    const { campaign } = await campaignWithSigners();
    const viewer = await signedInStaff("viewer");
    expect((await call(signaturesLoader, exportPath(campaign.id), viewer, { id: campaign.id })).status).toBe(
      403,
    );
    const owner = await signedInStaff("owner");
    const unknown = randomUUID();
    expect((await call(signaturesLoader, exportPath(unknown), owner, { id: unknown })).status).toBe(404);
    expect((await call(signaturesLoader, exportPath("nope"), owner, { id: "nope" })).status).toBe(404);
    const refused = [viewer.userId, owner.userId];
    expect(
      await getPrisma().auditLog.count({ where: { action: "export.signatures", actorId: { in: refused } } }),
    ).toBe(0);
  });
});

describe("subscriber export", () => {
  it("is for owners and admins only, lists each subscriber's lists, and is audited", async () => {
    const campaign = await createCampaign();
    const prisma = getPrisma();
    const subscriber = await prisma.subscriber.create({
      data: { email: "+cmd@example.org", emailNormal: "+cmd@example.org", locale: "ja", status: "active" },
    });
    await prisma.subscription.create({
      data: { subscriberId: subscriber.id, campaignId: campaign.id, status: "active" },
    });
    await prisma.subscription.create({
      data: { subscriberId: subscriber.id, campaignId: null, status: "active" },
    });
    // An erased person's marker row (ADR 0021) is nobody's data: not a row of the file.
    await prisma.subscriber.create({
      data: { email: "", emailNormal: "erased:some-keyed-hash", locale: "ko", status: "unsubscribed" },
    });
    for (const role of ["viewer", "campaigner"] as const) {
      expect(
        (await call(subscribersLoader, "/admin/export/subscribers.csv", await signedInStaff(role))).status,
      ).toBe(403);
    }
    const admin = await signedInStaff("admin");
    const { rows } = await readCsv(await call(subscribersLoader, "/admin/export/subscribers.csv", admin));
    expect(rows).toEqual([
      expect.objectContaining({
        subscriber_id: subscriber.id,
        email: "'+cmd@example.org",
        language: "ja",
        status: "active",
        lists: `(organisation) ${campaign.slug}`,
      }),
    ]);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "export.subscribers", actorId: admin.userId },
    });
    expect(audit).toMatchObject({ actorId: admin.userId });
    expect(audit.details).toMatchObject({ status: "all", rows: 1 });
  });
});

describe("job failure export", () => {
  it("is for admins and above, and is audited", async () => {
    await getPrisma().jobFailure.create({
      data: { queue: "send-email", jobId: "job-1", reason: "-boom", attempts: 3, data: { deliveryId: "d1" } },
    });
    for (const role of ["viewer", "campaigner"] as const) {
      expect(
        (await call(jobFailuresLoader, "/admin/export/job-failures.csv", await signedInStaff(role))).status,
      ).toBe(403);
    }
    const admin = await signedInStaff("admin");
    const { rows } = await readCsv(await call(jobFailuresLoader, "/admin/export/job-failures.csv", admin));
    expect(rows).toEqual([
      expect.objectContaining({
        queue: "send-email",
        job_id: "job-1",
        reason: "'-boom",
        attempts: "3",
        data: '{"deliveryId": "d1"}',
      }),
    ]);
    const audit = await getPrisma().auditLog.findFirstOrThrow({
      where: { action: "export.job-failures", actorId: admin.userId },
    });
    expect(audit.details).toMatchObject({ rows: 1 });
  });
});
