// The staff side of recorded UN votes: upload → preview → import, and linking a vote to campaigns.
import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { createTranslator } from "~/i18n/translate";
import { describeImportError } from "~/i18n/vote-import-messages";
import { action as voteAction, loader as voteLoader } from "~/routes/($lang).admin.votes.$id";
import { loader as listLoader } from "~/routes/($lang).admin.votes._index";
import { action as importAction } from "~/routes/($lang).admin.votes.import";
import { getPrisma } from "~/utils/db.server";
import { MAX_VOTE_FILE_BYTES } from "~/utils/vote-import-form";
import { createCampaign } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT, type SignedIn } from "../../support/staff";
import { AGENDA_VOTE_CSV, councilVoteRows, csvOf, seatCouncil2014 } from "../../support/un-vote-csv";

const params = { lang: "ko" };
const IMPORT_PATH = "/ko/admin/votes/import";

type ImportResult = {
  stage: "form" | "preview" | "applied";
  content: string;
  fieldErrors: Record<string, string>;
  plan: {
    errors: { line: number; code: string }[];
    counts: { new: number; changed: number; unchanged: number };
    votes: { status: string; id: string | null; outcome: string; kind: string }[];
  } | null;
};

/** A multipart POST as the upload form sends it (the file, or on "import" the text as a field). */
function multipart(as: SignedIn, fields: Record<string, string | File>) {
  const body = new FormData();
  body.set("csrf", as.csrf);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return new Request(`http://127.0.0.1${IMPORT_PATH}`, {
    method: "POST",
    headers: { cookie: as.cookie },
    body,
  });
}

async function postImport(as: SignedIn, fields: Record<string, string | File>) {
  const result = (await importAction({
    request: multipart(as, fields),
    params,
    context: TEST_CONTEXT,
  })) as unknown;
  // A refusal comes as data(…, { status: 400 }).
  if (result && typeof result === "object" && "init" in result) {
    const refused = result as { data: ImportResult; init: { status: number } };
    return { status: refused.init.status, ...refused.data };
  }
  return { status: 200, ...(result as ImportResult) };
}

const csvFile = (text: BlobPart, name = "agenda.csv") => new File([text], name, { type: "text/csv" });

let campaigner: SignedIn;

beforeAll(async () => {
  await seatCouncil2014();
  campaigner = await signedInStaff("campaigner");
});

describe("importing votes from the staff area", () => {
  it("previews the file without writing, then imports it on the second post, audited with counts", async () => {
    const preview = await postImport(campaigner, {
      intent: "preview",
      body: "security_council",
      file: csvFile(AGENDA_VOTE_CSV),
    });
    expect(preview.status).toBe(200);
    expect(preview.stage).toBe("preview");
    expect(preview.plan!.counts).toEqual({ new: 1, changed: 0, unchanged: 0 });
    expect(preview.plan!.votes[0]).toMatchObject({ status: "new", kind: "procedural", outcome: "adopted" });
    expect(preview.content).toBe(AGENDA_VOTE_CSV);
    expect(await getPrisma().unVote.count()).toBe(0);

    const applied = await postImport(campaigner, {
      intent: "apply",
      body: "security_council",
      fileName: "agenda.csv",
      // The browser sends the hidden field back with CRLF line ends.
      content: preview.content.replaceAll("\n", "\r\n"),
    });
    expect(applied.stage).toBe("applied");
    expect(applied.plan!.counts).toEqual({ new: 1, changed: 0, unchanged: 0 });
    const vote = await getPrisma().unVote.findFirstOrThrow({ include: { memberVotes: true } });
    expect(vote.memberVotes).toHaveLength(15);
    expect(applied.plan!.votes[0]!.id).toBe(vote.id);
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { action: "vote.imported" } });
    expect(audit.actorId).toBe(campaigner.userId);
    expect(audit.details).toEqual({
      body: "security_council",
      file: "agenda.csv",
      new: 1,
      changed: 0,
      unchanged: 0,
    });

    const again = await postImport(campaigner, {
      intent: "preview",
      body: "security_council",
      file: csvFile(AGENDA_VOTE_CSV),
    });
    expect(again.plan!.counts).toEqual({ new: 0, changed: 0, unchanged: 1 });
    // Nothing to import: the page offers no import button, so the file is not sent back.
    expect(again.content).toBe("");
  });

  it("lists every problem of a bad file with its line, in the reader's language, and imports nothing", async () => {
    const before = await getPrisma().unVote.count();
    const votes = Object.fromEntries(councilVoteRows().map((row) => [row.split(",")[1]!, "Y"]));
    const text = csvOf(
      councilVoteRows({ meeting: "S/PV.7600", votes: { ...votes, PRK: "Y" }, totals: { yes: 15 } }),
    );
    const result = await postImport(campaigner, {
      intent: "preview",
      body: "security_council",
      file: csvFile(text),
    });
    expect(result.status).toBe(400);
    expect(result.content).toBe("");
    expect(result.plan!.errors.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 2, code: "totalsDisagree" },
      { line: 17, code: "unknownCountry" },
      { line: 17, code: "notCouncilMember" },
    ]);
    const ko = createTranslator("ko", STAFF_CATALOGUES.ko);
    expect(describeImportError(ko, result.plan!.errors[2] as never)).toBe(
      "17행: PRK: 2014년 안보리 이사국이 아니었습니다.",
    );
    const ja = createTranslator("ja", STAFF_CATALOGUES.ja);
    expect(describeImportError(ja, result.plan!.errors[0] as never)).toBe(
      "2 行目：total_yes は 15 ですが、行を数えると 16 です。",
    );
    // An "import" post of the same bad text is checked again and refused.
    const forced = await postImport(campaigner, { intent: "apply", body: "security_council", content: text });
    expect(forced.status).toBe(400);
    expect(await getPrisma().unVote.count()).toBe(before);
  });

  it("refuses a missing file, an unknown body, a file that is not UTF-8 and one too large, with field errors", async () => {
    const noFile = await postImport(campaigner, { intent: "preview", body: "security_council" });
    expect([noFile.status, noFile.fieldErrors]).toEqual([400, { file: "fileRequired" }]);
    const badBody = await postImport(campaigner, {
      intent: "preview",
      body: "security_counsel",
      file: csvFile(AGENDA_VOTE_CSV),
    });
    expect([badBody.status, badBody.fieldErrors]).toEqual([400, { body: "bodyRequired" }]);
    const latin1 = await postImport(campaigner, {
      intent: "preview",
      body: "security_council",
      file: csvFile(Uint8Array.from([0x75, 0x6e, 0xe9, 0x0a])),
    });
    expect(latin1.fieldErrors).toEqual({ file: "notUtf8" });
    const large = await postImport(campaigner, {
      intent: "preview",
      body: "security_council",
      file: csvFile("x".repeat(MAX_VOTE_FILE_BYTES + 1)),
    });
    expect(large.fieldErrors).toEqual({ file: "fileTooLarge" });
  });
});

describe("a vote's page and the list", () => {
  it("links a vote to campaigns, audited, and the list shows the links; a viewer reads but cannot link", async () => {
    const vote = await getPrisma().unVote.findFirstOrThrow({ where: { meeting: "S/PV.7353" } });
    const first = await createCampaign({ slug: "dprk-agenda" });
    const second = await createCampaign({ slug: "other-campaign" });
    const path = `/ko/admin/votes/${vote.id}`;
    const voteParams = { lang: "ko", id: vote.id };

    const saved = await voteAction({
      request: staffRequest(path, campaigner, { campaign: [first.id, second.id] }),
      params: voteParams,
      context: TEST_CONTEXT,
    });
    expect(saved).toEqual({ saved: { added: 2, removed: 0 }, error: null });
    const unlinked = await voteAction({
      request: staffRequest(path, campaigner, { campaign: [first.id] }),
      params: voteParams,
      context: TEST_CONTEXT,
    });
    expect(unlinked).toEqual({ saved: { added: 0, removed: 1 }, error: null });
    expect(await getPrisma().campaignVote.findMany({ where: { voteId: vote.id } })).toEqual([
      { campaignId: first.id, voteId: vote.id },
    ]);
    const audits = await getPrisma().auditLog.findMany({
      where: { action: "vote.linked" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((audit) => audit.details)).toEqual([
      { added: [first.id, second.id], removed: [] },
      { added: [], removed: [second.id] },
    ]);

    const unknown = (await voteAction({
      request: staffRequest(path, campaigner, { campaign: [crypto.randomUUID()] }),
      params: voteParams,
      context: TEST_CONTEXT,
    })) as { init: { status: number } };
    expect(unknown.init.status).toBe(400);

    const viewer = await signedInStaff("viewer");
    const list = await listLoader({
      request: staffRequest("/ko/admin/votes", viewer),
      params,
      context: TEST_CONTEXT,
    });
    const listed = list.votes.find((row) => row.id === vote.id)!;
    expect(listed).toMatchObject({ body: "security_council", meeting: "S/PV.7353", outcome: "adopted" });
    expect(listed.campaigns.map((campaign) => campaign.slug)).toEqual(["dprk-agenda"]);
    expect(list.mayImport).toBe(false);
    const page = await voteLoader({
      request: staffRequest(path, viewer),
      params: voteParams,
      context: TEST_CONTEXT,
    });
    expect(page.mayLink).toBe(false);
    expect(page.vote.members).toHaveLength(15);
    expect(page.vote.members.find((member) => member.iso3 === "CHN")).toMatchObject({
      choice: "no",
      names: { ko: "중국" },
    });
    await expect(
      voteAction({
        request: staffRequest(path, viewer, { campaign: [] }),
        params: voteParams,
        context: TEST_CONTEXT,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("shows a rejected Council draft as vetoed, in the list and on its page", async () => {
    const votes = Object.fromEntries(councilVoteRows().map((row) => [row.split(",")[1]!, "Y"]));
    const text = csvOf(
      councilVoteRows({ meeting: "S/PV.7700", draft: "S/2014/700", votes: { ...votes, CHN: "N", RUS: "N" } }),
    );
    const applied = await postImport(campaigner, {
      intent: "apply",
      body: "security_council",
      content: text,
    });
    expect(applied.plan!.votes[0]).toMatchObject({ outcome: "rejected", kind: "resolution" });
    const list = await listLoader({
      request: staffRequest("/ko/admin/votes", campaigner),
      params,
      context: TEST_CONTEXT,
    });
    expect(list.votes.find((vote) => vote.meeting === "S/PV.7700")!.vetoedBy).toEqual(["CHN", "RUS"]);
    expect(list.votes.find((vote) => vote.meeting === "S/PV.7353")!.vetoedBy).toEqual([]);
  });
});
