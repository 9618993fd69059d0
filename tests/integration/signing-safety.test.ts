// Issue 8's reproductions: the sign path must not mail-bomb, and must not let anyone but the
// mailbox owner decide what is published about them.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EMAIL_CAPS } from "~/models/abuse.server";
import { applyRetention } from "~/models/retention.server";
import { listRecentSigners } from "~/models/public-counts.server";
import { confirmSignature, signPetition, withdrawSignature } from "~/models/signature.server";
import { renewConfirmation, signAtCampaignPage } from "~/models/signing.server";
import { getPrisma } from "~/utils/db.server";
import { FORM_MAX_AGE_MS, formShownToken } from "~/utils/form-timing.server";
import { hashIp } from "~/utils/ip-hash.server";
import { confirmationToken } from "~/utils/signature-tokens.server";
import { seedDatabase } from "../../prisma/seed";
import { confirmationTokenFor, createCampaign, signerInput } from "../factories";

beforeAll(async () => {
  await seedDatabase(getPrisma());
});

let ip = 0;

/** Posts a sign form as the fast path and the action do; a fresh page view and IP unless given. */
async function post(
  slug: string,
  fields: Record<string, string>,
  options: { shown?: string; ipHash?: string } = {},
) {
  const campaign = await getPrisma().campaign.findUniqueOrThrow({ where: { slug } });
  const form = new URLSearchParams({
    name: "Kim Minji",
    email: "minji@example.org",
    country: "KOR",
    display: "initials",
    shown: options.shown ?? formShownToken(campaign.id, Date.now() - 10_000 - ip),
    ...fields,
  });
  const ipHash = options.ipHash ?? `ip-${++ip}`;
  return signAtCampaignPage({
    pathname: `/en/campaigns/${slug}`,
    slug,
    locale: "en",
    form,
    origin: { ipHash, clientIp: "" },
  });
}

const emailsTo = (toEmail: string) => getPrisma().emailDelivery.findMany({ where: { toEmail } });

describe("the mail server is not a weapon", () => {
  it("a bot's post (honeypot, posted at once, no or a forged form token) is kept, flagged, and mails nobody", async () => {
    const campaign = await createCampaign({ slug: "bots", targets: ["KOR"] });
    const posts: [string, Record<string, string>, { shown?: string }][] = [
      ["honeypot", { email: "victim1@example.org", website: "http://spam" }, {}],
      ["too-fast", { email: "victim2@example.org" }, { shown: formShownToken(campaign.id) }],
      ["bad-form-token", { email: "victim3@example.org" }, { shown: "" }],
      [
        "bad-form-token",
        { email: "victim4@example.org" },
        { shown: `${Date.now() - 9_000}.AAAAAAAAAAAAAAAA` },
      ],
    ];
    for (const [reason, fields, options] of posts) {
      expect((await post("bots", fields, options)).status).toBe("signed");
      const signature = await getPrisma().signature.findFirstOrThrow({ where: { email: fields.email } });
      expect(signature.flagReason).toBe(reason);
      expect(await emailsTo(fields.email!)).toEqual([]);
    }
  });

  it("a form token is bound to its campaign and ages out", async () => {
    const here = await createCampaign({ slug: "bound-here", targets: ["KOR"] });
    const there = await createCampaign({ slug: "bound-there", targets: ["KOR"] });
    await post(
      "bound-here",
      { email: "elsewhere@example.org" },
      { shown: formShownToken(there.id, Date.now() - 10_000) },
    );
    expect(
      (await getPrisma().signature.findFirstOrThrow({ where: { email: "elsewhere@example.org" } }))
        .flagReason,
    ).toBe("bad-form-token");
    expect(await emailsTo("elsewhere@example.org")).toEqual([]);
    // A page open longer than the maximum age: asked to send again, nothing stored or sent.
    const stale = await post(
      "bound-here",
      { email: "stale@example.org" },
      { shown: formShownToken(here.id, Date.now() - FORM_MAX_AGE_MS - 1) },
    );
    expect(stale).toMatchObject({ status: "invalid", errors: { form: "sign.error.formExpired" } });
    expect(await getPrisma().signature.count({ where: { email: "stale@example.org" } })).toBe(0);
  });

  it("one page's token signing again and again from one network is a script: flagged, no email", async () => {
    const campaign = await createCampaign({ slug: "replayed", targets: ["KOR"] });
    const shown = formShownToken(campaign.id, Date.now() - 10_000);
    const ipHash = "one-network";
    for (let i = 0; i < 6; i++)
      await post("replayed", { email: `replay${i}@example.org` }, { shown, ipHash });
    const reasons = (
      await getPrisma().signature.findMany({
        where: { campaignId: campaign.id },
        orderBy: { createdAt: "asc" },
      })
    ).map((s) => s.flagReason);
    expect(reasons).toEqual([null, null, null, "form-reused", "form-reused", "form-reused"]);
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: { startsWith: "replay" } } })).toBe(3);
  });

  it("one cached page's token serves every reader it was shown to, each from their own network", async () => {
    const campaign = await createCampaign({ slug: "shared-page", targets: ["KOR"] });
    const shown = formShownToken(campaign.id, Date.now() - 10_000);
    for (let i = 0; i < 6; i++) await post("shared-page", { email: `reader${i}@example.org` }, { shown });
    const signatures = await getPrisma().signature.findMany({ where: { campaignId: campaign.id } });
    expect(signatures.map((s) => s.flagReason)).toEqual(Array(6).fill(null));
    expect(await getPrisma().emailDelivery.count({ where: { toEmail: { startsWith: "reader" } } })).toBe(6);
  });

  it("caps the emails one address gets, per campaign and across campaigns; over the cap the page is the same", async () => {
    const slugs = ["cap-a", "cap-b", "cap-c"];
    for (const slug of slugs) await createCampaign({ slug, targets: ["KOR"] });
    const results = [];
    for (const slug of slugs) {
      for (let i = 0; i < 5; i++) results.push((await post(slug, { email: "target@example.org" })).status);
    }
    expect(new Set(results)).toEqual(new Set(["signed"]));
    const sent = await emailsTo("target@example.org");
    // Five posts a campaign: three emails for the first, three for the second (ten posts in all
    // reach the address cap), none for the third.
    const submissions = await getPrisma().signatureSubmission.findMany({
      where: { email: "target@example.org" },
      include: { signature: { include: { campaign: true } } },
    });
    const mailed = new Set(sent.map((d) => (d.payload as { submissionId: string }).submissionId));
    const mailedPerCampaign = slugs.map(
      (slug) => submissions.filter((s) => s.signature.campaign.slug === slug && mailed.has(s.id)).length,
    );
    expect(mailedPerCampaign).toEqual([EMAIL_CAPS.perCampaign, EMAIL_CAPS.perCampaign, 0]);
  });

  it("the 'send me a new link' button obeys the same cap", async () => {
    const campaign = await createCampaign({ slug: "renew-cap", targets: ["KOR"] });
    await post("renew-cap", { email: "renew@example.org" });
    const token = await confirmationTokenFor(campaign.id, "renew@example.org");
    await getPrisma().signatureSubmission.updateMany({
      data: { tokenExpiresAt: new Date(Date.now() - 1000) },
    });
    let current = token;
    for (let i = 0; i < 5; i++) {
      expect(await renewConfirmation(current)).toBe(true);
      current = await confirmationTokenFor(campaign.id, "renew@example.org");
      await getPrisma().signatureSubmission.updateMany({
        data: { tokenExpiresAt: new Date(Date.now() - 1000) },
      });
    }
    expect(await emailsTo("renew@example.org")).toHaveLength(EMAIL_CAPS.perCampaign);
  });

  it("keys IPv6 clients by their /64", () => {
    expect(hashIp("2001:db8:1:2::1")).toBe(hashIp("2001:db8:1:2:ffff:ffff:ffff:9"));
    expect(hashIp("2001:0db8:0001:0002:0:0:0:1")).toBe(hashIp("2001:db8:1:2::1"));
    expect(hashIp("2001:db8:1:3::1")).not.toBe(hashIp("2001:db8:1:2::1"));
    expect(hashIp("::ffff:198.51.100.7")).toBe(hashIp("198.51.100.7"));
    expect(hashIp("198.51.100.7")).not.toBe(hashIp("198.51.100.8"));
  });
});

describe("a signer's identity is theirs alone", () => {
  const attacker = { name: "Real Name", display: "full_name", country: "KOR" };
  const escapee = { name: "Another Name", display: "initials", country: "KOR", fromDprk: "on" };

  async function signBoth(slug: string, first: Record<string, string>, second: Record<string, string>) {
    const campaign = await createCampaign({ slug, targets: ["KOR"] });
    await post(slug, { ...first, email: "escapee@example.org" });
    const firstToken = await confirmationTokenFor(campaign.id, "escapee@example.org");
    await post(slug, { ...second, email: "escapee@example.org" });
    const secondToken = await confirmationTokenFor(campaign.id, "escapee@example.org");
    return { campaign, firstToken, secondToken };
  }

  it.each([
    ["the attacker signs first", attacker, escapee, "second"],
    ["the escapee signs first", escapee, attacker, "first"],
  ] as const)(
    "publishes only what the confirmed link's submission said (%s), and the North Korea box wins for good",
    async (_, first, second, escapeeLink) => {
      const slug = `identity-${escapeeLink}`;
      const { campaign, firstToken, secondToken } = await signBoth(slug, first, second);
      const [own, other] = escapeeLink === "first" ? [firstToken, secondToken] : [secondToken, firstToken];
      expect((await confirmSignature(own)).outcome).toBe("confirmed");
      expect(await listRecentSigners(campaign.id)).toMatchObject([
        { display: "anonymous", name: null, countryIso3: null },
      ]);
      // Even if the other link is pressed later, the signature stays anonymous.
      expect((await confirmSignature(other)).outcome).toBe("already-confirmed");
      expect(await listRecentSigners(campaign.id)).toMatchObject([
        { display: "anonymous", name: null, countryIso3: null },
      ]);
      expect(await getPrisma().signature.count({ where: { campaignId: campaign.id } })).toBe(1);
    },
  );

  it("no email greets anyone with a name somebody else typed", async () => {
    await createCampaign({ slug: "greeting", targets: ["KOR"] });
    await post("greeting", { name: "Insulting Name", email: "victim@example.org" });
    const { composeTransactionalEmail } = await import("~/models/transactional-email.server");
    const [delivery] = await emailsTo("victim@example.org");
    const message = await composeTransactionalEmail(delivery!);
    expect(message.text).not.toContain("Insulting Name");
    expect(message.html).not.toContain("Insulting Name");
  });

  it("another address at a provider without sub-addressing is another signer, and learns nothing of the first", async () => {
    const campaign = await createCampaign({ slug: "alice", targets: ["KOR"] });
    await post("alice", { name: "Alice Secret", email: "alice@example.org" });
    await confirmSignature(await confirmationTokenFor(campaign.id, "alice@example.org"));
    await post("alice", { name: "Mallory", email: "alice+x@example.org" });
    const [toX] = await emailsTo("alice+x@example.org");
    expect(toX!.kind).toBe("signature-confirmation");
    const { composeTransactionalEmail } = await import("~/models/transactional-email.server");
    const message = await composeTransactionalEmail(toX!);
    expect(message.text).not.toContain("Alice Secret");
    // Its withdraw link withdraws its own signature, never Alice's.
    const withdrawId = await getPrisma().signature.findFirstOrThrow({
      where: { email: "alice+x@example.org" },
    });
    await withdrawSignature(withdrawId.id);
    expect(
      (await getPrisma().signature.findFirstOrThrow({ where: { email: "alice@example.org" } })).status,
    ).toBe("confirmed");
  });

  it("at Gmail a +tag reaches the same mailbox: the already-signed email goes only to the confirmed address", async () => {
    const campaign = await createCampaign({ slug: "gmail", targets: ["KOR"] });
    await post("gmail", { name: "Alice Secret", email: "alice@gmail.com" });
    await confirmSignature(await confirmationTokenFor(campaign.id, "alice@gmail.com"));
    await post("gmail", { name: "Mallory", email: "Alice+x@gmail.com" });
    expect(await emailsTo("Alice+x@gmail.com")).toEqual([]);
    const kinds = (await emailsTo("alice@gmail.com")).map((d) => d.kind).sort();
    expect(kinds).toEqual(["signature-already-confirmed", "signature-confirmation"]);
  });

  it("two submissions in the same millisecond get two different links", async () => {
    const campaign = await createCampaign({ slug: "same-ms" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2026, 10, 30, 9, 0, 0));
    try {
      await signPetition(signerInput(campaign.id, 1));
      await signPetition(signerInput(campaign.id, 1, { name: "Someone Else" }));
    } finally {
      vi.useRealTimers();
    }
    const submissions = await getPrisma().signatureSubmission.findMany({
      where: { signature: { campaignId: campaign.id } },
    });
    expect(submissions).toHaveLength(2);
    expect(submissions[0]!.tokenExpiresAt).toEqual(submissions[1]!.tokenExpiresAt);
    expect(submissions[0]!.tokenHash).not.toBe(submissions[1]!.tokenHash);
    expect(confirmationToken(submissions[0]!.id, submissions[0]!.tokenExpiresAt)).not.toBe(
      confirmationToken(submissions[1]!.id, submissions[1]!.tokenExpiresAt),
    );
  });
});

describe("stored data matches the privacy notice", () => {
  it("a withdrawn signature loses name, address and postcode at once and is still recognised", async () => {
    const campaign = await createCampaign({ slug: "withdrawn" });
    await signPetition(signerInput(campaign.id, 1, { postcode: "04524" }));
    const signature = await getPrisma().signature.findFirstOrThrow({ where: { campaignId: campaign.id } });
    await withdrawSignature(signature.id);
    expect(await getPrisma().signature.findUniqueOrThrow({ where: { id: signature.id } })).toMatchObject({
      name: null,
      email: null,
      postcode: null,
      status: "withdrawn",
    });
    expect(await getPrisma().signatureSubmission.count({ where: { signatureId: signature.id } })).toBe(0);
    await signPetition(signerInput(campaign.id, 1));
    expect(await getPrisma().signature.count({ where: { campaignId: campaign.id } })).toBe(1);
  });

  it("deletes stale submissions and unconfirmed signatures, IP hashes after 30 days, and stored batches", async () => {
    const campaign = await createCampaign({ slug: "retention" });
    await signPetition(signerInput(campaign.id, 1, { ipHash: "old-ip" }));
    await signPetition(signerInput(campaign.id, 2, { ipHash: "new-ip" }));
    await confirmSignature(await confirmationTokenFor(campaign.id, "signer-2@example.org"));
    await getPrisma().emailBatch.create({ data: { batchKey: "left-behind", entries: new Uint8Array([1]) } });
    // Nothing is deleted early...
    await applyRetention();
    expect(
      await getPrisma().signatureSubmission.count({ where: { signature: { campaignId: campaign.id } } }),
    ).toBe(2);
    expect(await getPrisma().emailBatch.count({ where: { batchKey: "left-behind" } })).toBe(1);
    // ...and everything on time.
    await applyRetention(new Date(Date.now() + 31 * 86_400_000));
    const left = await getPrisma().signature.findMany({ where: { campaignId: campaign.id } });
    expect(left.map((s) => [s.email, s.status, s.ipHash])).toEqual([
      ["signer-2@example.org", "confirmed", null],
    ]);
    expect(
      await getPrisma().signatureSubmission.count({ where: { signature: { campaignId: campaign.id } } }),
    ).toBe(0);
    expect(await getPrisma().emailBatch.count({ where: { batchKey: "left-behind" } })).toBe(0);
  });
});
