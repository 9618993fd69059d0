import { beforeEach, describe, expect, it } from "vitest";
import { countSignatures, signPetition } from "~/models/signature.server";
import { action, loader } from "~/routes/($lang).admin.moderation";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createConfirmedSignature, createCountry, signerInput } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";

const PATH = "/en/admin/moderation";
const params = { lang: "en" };

async function thrownStatus(promise: Promise<unknown>): Promise<number> {
  const thrown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(thrown).toBeInstanceOf(Response);
  return (thrown as Response).status;
}

function post(as: SignedIn, form: Record<string, string | string[]>) {
  return action({ request: staffRequest(PATH, as, form), params, context: TEST_CONTEXT });
}

let campaignId: string;
let held: { confirmed: string; pending: string; bot: string };

beforeEach(async () => {
  await createCountry("KOR");
  const campaign = await createCampaign();
  campaignId = campaign.id;
  await createConfirmedSignature(signerInput(campaignId, 1));
  const confirmed = await createConfirmedSignature(
    signerInput(campaignId, 2, { email: "held.person@example.org", flagReason: "rate-limit-ip" }),
  );
  await signPetition(
    signerInput(campaignId, 3, { email: "pending@example.org", flagReason: "rate-limit-ip" }),
  );
  const bot = await createConfirmedSignature(
    signerInput(campaignId, 4, { email: "bot@spam.example", flagReason: "honeypot" }),
  );
  const pending = await getPrisma().signature.findFirstOrThrow({ where: { email: "pending@example.org" } });
  held = { confirmed: confirmed.id, pending: pending.id, bot: bot.id };
});

describe("the held-signature queue", () => {
  it("lists held signatures with their reason, filtered by reason and campaign; campaigners see masked addresses", async () => {
    const campaigner = await signedInStaff("campaigner");
    const all = await loader({ request: staffRequest(PATH, campaigner), params, context: TEST_CONTEXT });
    expect(all.held.rows.map((row) => row.id).sort()).toEqual(Object.values(held).sort());
    expect(all.reveal).toBe(false);
    const bot = all.held.rows.find((row) => row.id === held.bot)!;
    expect([bot.email, bot.name, bot.reason]).toEqual(["b•••@spam.example", "S•••", "honeypot"]);

    const byReason = await loader({
      request: staffRequest(`${PATH}?reason=rate-limit-ip&campaign=${campaignId}`, campaigner),
      params,
      context: TEST_CONTEXT,
    });
    expect(byReason.held.rows.map((row) => row.id).sort()).toEqual([held.confirmed, held.pending].sort());
    const otherCampaign = await createCampaign();
    const none = await loader({
      request: staffRequest(`${PATH}?campaign=${otherCampaign.id}`, campaigner),
      params,
      context: TEST_CONTEXT,
    });
    expect(none.held.rows).toEqual([]);

    const admin = await signedInStaff("admin");
    const revealed = await loader({ request: staffRequest(PATH, admin), params, context: TEST_CONTEXT });
    expect(revealed.held.rows.find((row) => row.id === held.bot)?.email).toBe("bot@spam.example");
  });

  it("clearing counts the confirmed ones; invalidating erases them and changes no count; both audited", async () => {
    const campaigner = await signedInStaff("campaigner");
    expect((await countSignatures(campaignId)).total).toBe(1);

    const cleared = await post(campaigner, { decision: "clear", ids: [held.confirmed, held.pending] });
    expect(cleared).toMatchObject({ result: { decision: "clear", requested: 2, changed: 2 } });
    // The pending one counts once it is confirmed, not before.
    expect((await countSignatures(campaignId)).total).toBe(2);

    const invalidated = await post(campaigner, { decision: "invalidate", ids: [held.bot] });
    expect(invalidated).toMatchObject({ result: { decision: "invalidate", changed: 1 } });
    expect((await countSignatures(campaignId)).total).toBe(2);
    const bot = await getPrisma().signature.findUniqueOrThrow({ where: { id: held.bot } });
    expect([bot.status, bot.email, bot.name, bot.flagged, bot.flagReason]).toEqual([
      "withdrawn",
      null,
      null,
      true,
      "honeypot",
    ]);
    expect(await getPrisma().signatureSubmission.count({ where: { signatureId: held.bot } })).toBe(0);
    // An invalidated signature cannot be cleared afterwards.
    expect(await post(campaigner, { decision: "clear", ids: [held.bot] })).toMatchObject({
      result: { changed: 0 },
    });
    expect((await countSignatures(campaignId)).total).toBe(2);

    const audit = await getPrisma().auditLog.findMany({
      where: { actorId: campaigner.userId },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => [entry.action, (entry.details as { changed: number }).changed])).toEqual([
      ["signature.cleared", 2],
      ["signature.invalidated", 1],
      ["signature.cleared", 0],
    ]);
    expect(audit[1]!.targetId).toBe(held.bot);
    expect(audit[0]!.ipHash).not.toBeNull();
  });

  it("pages through a long queue, newest first, without repeating or skipping a signature", async () => {
    const campaign = await createCampaign();
    const start = Date.now() - 3_600_000;
    await getPrisma().signature.createMany({
      // Two at each moment: the page boundary falls between signatures of the same second.
      data: Array.from({ length: 61 }, (_, i) => ({
        campaignId: campaign.id,
        emailKey: `paged-${i}`,
        email: `paged-${i}@example.org`,
        name: `Paged ${i}`,
        displayChoice: "full_name" as const,
        locale: "en" as const,
        flagged: true,
        flagReason: "too-fast",
        createdAt: new Date(start + Math.floor(i / 2) * 1000),
      })),
    });
    const campaigner = await signedInStaff("campaigner");
    const seen: string[] = [];
    let after: string | null = "";
    for (let pages = 0; after !== null; pages++) {
      expect(pages).toBeLessThan(3);
      const query = new URLSearchParams({ campaign: campaign.id, ...(after ? { after } : {}) });
      const page = await loader({
        request: staffRequest(`${PATH}?${query.toString()}`, campaigner),
        params,
        context: TEST_CONTEXT,
      });
      seen.push(...page.held.rows.map((row) => row.id));
      if (pages === 0) expect(page.held.rows[0]!.email).toBe("p•••@example.org");
      after = page.held.next;
    }
    expect(seen).toHaveLength(61);
    expect(new Set(seen).size).toBe(61);
  });

  it("refuses an empty selection with a 400 and a translated message", async () => {
    const campaigner = await signedInStaff("campaigner");
    const result = (await post(campaigner, { decision: "clear" })) as {
      init: { status: number };
      data: { error: string };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.error).toBe("staff.ops.moderation.noneSelected");
  });

  it("gives a viewer 403 on the page and on every action, and changes nothing", async () => {
    const viewer = await signedInStaff("viewer");
    expect(
      await thrownStatus(loader({ request: staffRequest(PATH, viewer), params, context: TEST_CONTEXT })),
    ).toBe(403);
    for (const decision of ["clear", "invalidate"]) {
      expect(await thrownStatus(post(viewer, { decision, ids: [held.confirmed] }))).toBe(403);
    }
    expect((await getPrisma().signature.findUniqueOrThrow({ where: { id: held.confirmed } })).flagged).toBe(
      true,
    );
    expect(await getPrisma().auditLog.count({ where: { actorId: viewer.userId } })).toBe(0);
  });

  it("refuses a campaigner's post without the session's CSRF token", async () => {
    const campaigner = await signedInStaff("campaigner");
    const request = staffRequest(
      PATH,
      campaigner,
      { decision: "clear", ids: held.confirmed },
      { csrf: null },
    );
    expect(await thrownStatus(action({ request, params, context: TEST_CONTEXT }))).toBe(403);
  });
});
