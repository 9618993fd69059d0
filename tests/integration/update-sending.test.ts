// An update from the staff page to the subscribers' inboxes (the local outbox): send now, at a
// scheduled time, paused and resumed, and the vote it is about told in each reader's language.
import { describe, expect, it, vi } from "vitest";
import { composeUpdateEmail, composeUpdateEmails } from "~/emails/compose.server";
import { updateForEmail } from "~/jobs/send-update.server";
import { loadUpdateForSending } from "~/models/update-send.server";
import { pauseUpdate, resumeUpdate, scheduleUpdate, sendUpdateNow } from "~/models/update-admin.server";
import { action as overviewAction } from "~/routes/($lang).admin.updates.$id._index";
import { getEmailTransport } from "~/services/email/index.server";
import { getPrisma } from "~/utils/db.server";
import { createCampaign, createCountry } from "../factories";
import { outcome } from "../support/route-outcome";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../support/staff";
import { createDraftUpdate, outboxCounts, runSendJob, subscribe } from "../support/updates";

const LOCALES = ["en", "ko", "ja"] as const;

function post(id: string, as: SignedIn, form: Record<string, string>) {
  const request = staffRequest(`/en/admin/updates/${id}?index`, as, form);
  return outcome(overviewAction({ request, params: { lang: "en", id }, context: TEST_CONTEXT }));
}

async function deliveryStatuses(updateId: string) {
  const rows = await getPrisma().emailDelivery.groupBy({ by: ["status"], where: { updateId }, _count: true });
  return Object.fromEntries(rows.map((row) => [row.status, row._count]));
}

async function queuedJobs(updateId: string) {
  return getPrisma().$queryRaw<{ state: string; start_after: Date }[]>`
    SELECT state::text, start_after FROM pgboss.job WHERE name = 'send-update' AND singleton_key = ${updateId}
    ORDER BY created_on`;
}

async function audienceOf(count: number, campaignId: string | null, prefix: string) {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}-${i}@example.org`;
    await subscribe({ email, campaignId, locale: LOCALES[i % 3] });
    emails.push(email);
  }
  return emails;
}

describe("sending an update from the staff page", () => {
  it("send now: plans one delivery per subscriber and sends each exactly once", async () => {
    const campaigner = await signedInStaff("campaigner");
    const campaign = await createCampaign({ slug: "send-now" });
    const emails = await audienceOf(130, campaign.id, "now");
    // Someone on another list, and someone who left this one, get nothing.
    await subscribe({ email: "other-list@example.org", campaignId: null });
    const leaver = await subscribe({ email: "leaver@example.org", campaignId: campaign.id });
    await getPrisma().subscription.updateMany({
      where: { subscriberId: leaver.id },
      data: { status: "unsubscribed" },
    });
    const update = await createDraftUpdate({ campaignId: campaign.id });

    const sent = await post(update.id, campaigner, { intent: "send" });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`/en/admin/updates/${update.id}?done=send`);
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe("sending");
    // Pressing it twice (a double click) starts nothing more.
    expect((await post(update.id, campaigner, { intent: "send" })).status).toBe(409);

    await runSendJob(update.id);
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id } })).toBe(130);
    expect(await deliveryStatuses(update.id)).toEqual({ sent: 130 });
    const counts = await outboxCounts();
    expect(emails.every((email) => counts.get(email) === 1)).toBe(true);
    expect(counts.has("other-list@example.org")).toBe(false);
    expect(counts.has("leaver@example.org")).toBe(false);
    const after = await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } });
    expect(after.status).toBe("sent");
    expect(after.sentAt).not.toBeNull();
    const audit = await getPrisma().auditLog.findMany({ where: { targetId: update.id } });
    expect(audit.map((row) => [row.action, row.actorId])).toEqual([["update.sent", campaigner.userId]]);
  });

  it("writes to a subscriber whose language the update lacks in English", async () => {
    const update = await createDraftUpdate({ locales: ["en", "ko"] });
    await subscribe({ email: "ja-reader@example.org", locale: "ja" });
    await subscribe({ email: "ko-reader@example.org", locale: "ko" });
    const actor = { userId: (await signedInStaff("campaigner")).userId };
    expect(await sendUpdateNow(update.id, actor)).toEqual({ ok: true });
    await runSendJob(update.id);
    const japanese = await getPrisma().outboxMessage.findFirstOrThrow({
      where: { to: { has: "ja-reader@example.org" } },
    });
    expect(japanese.subject).toBe("en subject");
    expect(japanese.html).toContain('lang="en"');
    expect(japanese.headers).toMatchObject({
      "List-Unsubscribe": expect.stringMatching(/\/en\/unsubscribe\//),
    });
    const korean = await getPrisma().outboxMessage.findFirstOrThrow({
      where: { to: { has: "ko-reader@example.org" } },
    });
    expect(korean.subject).toBe("ko subject");
  });
});

describe("a scheduled update", () => {
  it("refuses a time in the past or an unreadable one, with the typed value", async () => {
    const campaigner = await signedInStaff("campaigner");
    const update = await createDraftUpdate();
    const past = await post(update.id, campaigner, { intent: "schedule", scheduledAt: "2020-01-01T09:00" });
    expect(past.status).toBe(400);
    expect(past.data).toEqual({
      intent: "schedule",
      error: "staff.updates.error.schedulePast",
      scheduledAt: "2020-01-01T09:00",
    });
    const garbled = await post(update.id, campaigner, { intent: "schedule", scheduledAt: "tomorrow" });
    expect(garbled.status).toBe(400);
    expect(garbled.data).toMatchObject({
      error: "staff.updates.error.scheduleFormat",
      scheduledAt: "tomorrow",
    });
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe("draft");
  });

  it("does not start before its time, reads the time as Seoul time, can be moved or cancelled, then sends once", async () => {
    const campaigner = await signedInStaff("campaigner");
    const update = await createDraftUpdate();
    const emails = await audienceOf(5, null, "scheduled");
    const now = new Date("2026-11-30T00:00:00Z");
    const actor = { userId: campaigner.userId };

    // 09:30 in Seoul is 00:30 UTC.
    expect(await scheduleUpdate(update.id, { scheduledAt: "2026-11-30T09:30" }, actor, now)).toEqual({
      ok: true,
    });
    const scheduled = await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } });
    expect(scheduled.status).toBe("scheduled");
    expect(scheduled.scheduledAt?.toISOString()).toBe("2026-11-30T00:30:00.000Z");
    const [job] = await queuedJobs(update.id);
    expect(job?.state).toBe("created");
    expect(job!.start_after.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);

    // A worker that picks the job up early (or a stale job) sends nothing.
    await getPrisma().update.update({
      where: { id: update.id },
      data: { scheduledAt: new Date(Date.now() + 3_600_000) },
    });
    await runSendJob(update.id);
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id } })).toBe(0);
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe(
      "scheduled",
    );

    // Moving it replaces the queued job (the queue holds one per update); cancelling drops it.
    expect(await scheduleUpdate(update.id, { scheduledAt: "2026-12-01T08:00" }, actor, now)).toEqual({
      ok: true,
    });
    expect((await queuedJobs(update.id)).map((j) => j.state)).toEqual(["cancelled", "created"]);
    const cancelled = await post(update.id, campaigner, { intent: "unschedule" });
    expect(cancelled.status).toBe(302);
    expect((await queuedJobs(update.id)).map((j) => j.state)).toEqual(["cancelled", "cancelled"]);
    const draft = await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } });
    expect([draft.status, draft.scheduledAt]).toEqual(["draft", null]);
    await runSendJob(update.id);
    expect(await getPrisma().emailDelivery.count({ where: { updateId: update.id } })).toBe(0);

    // Scheduled again; its time comes; the job starts it and every subscriber gets it once.
    expect(await scheduleUpdate(update.id, { scheduledAt: "2026-12-01T08:00" }, actor, now)).toEqual({
      ok: true,
    });
    await getPrisma().update.update({
      where: { id: update.id },
      data: { scheduledAt: new Date(Date.now() - 1000) },
    });
    await runSendJob(update.id);
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe("sent");
    const counts = await outboxCounts();
    expect(emails.map((email) => counts.get(email))).toEqual([1, 1, 1, 1, 1]);
    const audit = await getPrisma().auditLog.findMany({
      where: { targetId: update.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual([
      "update.scheduled",
      "update.scheduled",
      "update.unscheduled",
      "update.scheduled",
    ]);
    expect(audit[1]!.details).toMatchObject({ scheduledAt: "2026-11-30T23:00:00.000Z", rescheduled: true });
  });

  it("can be sent at once instead, cancelling its queued job", async () => {
    const campaigner = await signedInStaff("campaigner");
    const campaign = await createCampaign({ slug: "instead" });
    const update = await createDraftUpdate({ campaignId: campaign.id });
    await audienceOf(2, campaign.id, "instead");
    const actor = { userId: campaigner.userId };
    await scheduleUpdate(update.id, { scheduledAt: "2099-01-01T09:00" }, actor);
    expect(await sendUpdateNow(update.id, actor)).toEqual({ ok: true });
    expect((await queuedJobs(update.id)).map((j) => j.state)).toEqual(["cancelled", "created"]);
    await runSendJob(update.id);
    expect(await deliveryStatuses(update.id)).toEqual({ sent: 2 });
  });
});

describe("pausing and resuming", () => {
  it("stops between batches, keeps going from where it stopped, and reaches every subscriber exactly once", async () => {
    const campaigner = await signedInStaff("campaigner");
    const campaign = await createCampaign({ slug: "pause-resume" });
    const emails = await audienceOf(250, campaign.id, "pause");
    const update = await createDraftUpdate({ campaignId: campaign.id });
    expect((await post(update.id, campaigner, { intent: "send" })).status).toBe(302);
    // A worker takes the queued job (this test runs it itself).
    await getPrisma().$executeRaw`
      UPDATE pgboss.job SET state = 'completed' WHERE singleton_key = ${update.id} AND state = 'created'`;

    // The campaigner presses pause while the first batch is with the provider.
    const transport = getEmailTransport();
    const original = transport.sendBatch.bind(transport);
    const spy = vi.spyOn(transport, "sendBatch").mockImplementationOnce(async (messages, options) => {
      const result = await original(messages, options);
      expect(await pauseUpdate(update.id, { userId: campaigner.userId })).toEqual({ ok: true });
      return result;
    });
    await runSendJob(update.id);
    spy.mockRestore();

    const paused = await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } });
    expect(paused.status).toBe("paused");
    expect(paused.pausedAt).not.toBeNull();
    // The batch already handed over finished; no other was claimed, and no next chunk was queued.
    expect(await deliveryStatuses(update.id)).toEqual({ sent: 100, queued: 150 });
    expect((await queuedJobs(update.id)).filter((job) => job.state === "created")).toHaveLength(0);
    // A job that runs anyway (a retry, a stale chunk) sends nothing while paused.
    await runSendJob(update.id);
    expect(await deliveryStatuses(update.id)).toEqual({ sent: 100, queued: 150 });

    // Someone unsubscribes during the pause: the resumed send honours it.
    const leaver = await getPrisma().emailDelivery.findFirstOrThrow({
      where: { updateId: update.id, status: "queued" },
    });
    await getPrisma().subscription.update({
      where: { id: leaver.subscriptionId! },
      data: { status: "unsubscribed" },
    });

    expect((await post(update.id, campaigner, { intent: "resume" })).status).toBe(302);
    expect((await queuedJobs(update.id)).filter((job) => job.state === "created")).toHaveLength(1);
    expect(await resumeUpdate(update.id, { userId: campaigner.userId })).toEqual({
      ok: false,
      error: "staff.updates.error.wrongState",
    });
    await runSendJob(update.id);

    expect(await deliveryStatuses(update.id)).toEqual({ sent: 249, suppressed: 1 });
    const counts = await outboxCounts();
    const received = emails.filter((email) => counts.get(email) === 1);
    expect(received).toHaveLength(249);
    expect(emails.filter((email) => (counts.get(email) ?? 0) > 1)).toEqual([]);
    expect(counts.has(leaver.toEmail)).toBe(false);
    expect((await getPrisma().update.findUniqueOrThrow({ where: { id: update.id } })).status).toBe("sent");
    const audit = await getPrisma().auditLog.findMany({
      where: { targetId: update.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual(["update.sent", "update.paused", "update.resumed"]);
  });
});

describe("an update about a UN vote", () => {
  it("shows the tally and how each reader's own country voted, in their language", async () => {
    for (const iso3 of ["KOR", "JPN", "USA", "FRA"]) await createCountry(iso3);
    const vote = await getPrisma().unVote.create({
      data: {
        body: "security_council",
        outcome: "adopted",
        meeting: "S/PV.9901",
        votedOn: new Date("2026-03-05"),
        title: "Procedural vote on the agenda",
        resolution: null,
        totalYes: 12,
        totalNo: 1,
        totalAbstain: 2,
        totalNonVoting: 0,
        memberVotes: {
          create: [
            { countryIso3: "KOR", choice: "yes" },
            { countryIso3: "JPN", choice: "abstain" },
            { countryIso3: "USA", choice: "no" },
          ],
        },
      },
    });
    const update = await createDraftUpdate({ unVoteId: vote.id });
    await subscribe({ email: "seoul@example.org", locale: "ko", countryIso3: "KOR" });
    await subscribe({ email: "tokyo@example.org", locale: "ja", countryIso3: "JPN" });
    await subscribe({ email: "tokyo-us@example.org", locale: "ja", countryIso3: "USA" });
    await subscribe({ email: "paris@example.org", locale: "en", countryIso3: "FRA" });
    await subscribe({ email: "nowhere@example.org", locale: "ko" });
    expect(await sendUpdateNow(update.id, { userId: (await signedInStaff("campaigner")).userId })).toEqual({
      ok: true,
    });
    await runSendJob(update.id);

    const textFor = async (email: string) =>
      (await getPrisma().outboxMessage.findFirstOrThrow({ where: { to: { has: email } } })).text;
    const seoul = await textFor("seoul@example.org");
    expect(seoul).toContain("유엔 표결 결과");
    expect(seoul).toContain("유엔 안전보장이사회(안보리)");
    expect(seoul).toContain("찬성 12, 반대 1, 기권 2, 표결 불참 0");
    expect(seoul).toContain("대한민국의 표결: 찬성");
    const tokyo = await textFor("tokyo@example.org");
    expect(tokyo).toContain("国連安全保障理事会");
    expect(tokyo).toContain("日本の投票：棄権");
    expect(await textFor("tokyo-us@example.org")).toContain("米国の投票：反対");
    // France did not vote on this (not on the Council): the tally, and no country line.
    const paris = await textFor("paris@example.org");
    expect(paris).toContain("Yes 12, no 1, abstentions 2, non-voting 0");
    expect(paris).not.toContain("How France voted");
    expect(paris).not.toContain(" voted: ");
    const nowhere = await textFor("nowhere@example.org");
    expect(nowhere).toContain("찬성 12");
    expect(nowhere).not.toContain("의 표결:");
  });
});

describe("rendering a batch", () => {
  it("renders once per language and country, and each reader's message equals one rendered for them alone", async () => {
    await createCountry("KOR");
    const vote = await getPrisma().unVote.create({
      data: {
        body: "general_assembly",
        outcome: "adopted",
        meeting: "A/81/PV.50",
        votedOn: new Date("2026-12-17"),
        title: "Situation of human rights in the DPRK",
        resolution: "A/RES/81/999",
        totalYes: 1,
        totalNo: 0,
        totalAbstain: 0,
        totalNonVoting: 0,
        memberVotes: { create: [{ countryIso3: "KOR", choice: "yes" }] },
      },
    });
    const update = await createDraftUpdate({ unVoteId: vote.id, locales: ["en", "ko"] });
    const email = updateForEmail((await loadUpdateForSending(update.id))!);
    const recipients = ["en", "ko", "ja", "ko", "en", "ja", "ko"].map((locale, i) => ({
      toEmail: `group-${i}@example.org`,
      locale: locale as "en" | "ko" | "ja",
      subscriptionId: `00000000-0000-4000-8000-00000000000${i}`,
      // Not read on this branch; once each reader has a preferences link (issue 11's subscribe
      // work), this test checks that grouping swaps that link too.
      subscriberId: `00000000-0000-4000-9000-00000000000${i}`,
      countryIso3: i % 2 === 0 ? "KOR" : null,
    }));
    // Japanese readers get English: en+KOR, en, ko+KOR, ko.
    expect(new Set(recipients.map((r) => email.groupOf(r.locale, r.countryIso3))).size).toBe(4);
    const grouped = await composeUpdateEmails(email, recipients);
    for (const [i, recipient] of recipients.entries()) {
      expect(grouped[i]).toEqual(await composeUpdateEmail(email, recipient));
    }
    expect(grouped[1]!.html).not.toContain(grouped[0]!.headers!["List-Unsubscribe"]!.slice(1, -1));

    // A per-reader part grouping does not know of (here: a wrong grouping) is caught, not sent.
    const careless = { ...email, groupOf: () => "everyone" };
    const fallback = await composeUpdateEmails(careless, recipients);
    for (const [i, recipient] of recipients.entries()) {
      expect(fallback[i]).toEqual(await composeUpdateEmail(email, recipient));
    }
  });
});
