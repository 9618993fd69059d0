// Imports recorded UN votes from a UN Digital Library voting-data CSV, for the CLI
// (`npm run votes:import`), the staff upload page and the seed. All or nothing: the plan checks the
// whole file against the database first (country codes, the Council's seats that year, votes
// already recorded), and the apply writes it in one transaction only when nothing is wrong. A vote
// is the same vote when its UN Digital Library id matches, or, without one, its body, meeting and
// title; importing the same file twice changes nothing.
import type {
  MemberVoteChoice,
  Prisma,
  PrismaClient,
  UnBody,
  UnVoteKind,
  UnVoteOutcome,
} from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { readVoteCsv, sortErrors, type FileVote, type VoteImportError } from "~/utils/un-vote-csv";
import { vetoedBy, voteOutcome, type MemberBallot } from "~/utils/un-vote-rules";

export { UN_BODIES, UN_VOTE_KINDS } from "~/utils/un-vote-rules";
export { VOTE_IMPORT_ERROR_CODES, type VoteImportError, type VoteImportErrorCode } from "~/utils/un-vote-csv";

type Db = PrismaClient | Prisma.TransactionClient;

export type VoteImportOptions = {
  body: UnBody;
  /** Every vote in the file is of this kind; by default it is read from the file (deriveVoteKind). */
  kind?: UnVoteKind;
};

/** What a vote row holds, as written. */
export type VoteFields = {
  body: UnBody;
  kind: UnVoteKind;
  outcome: UnVoteOutcome;
  meeting: string;
  votedOn: string;
  title: string;
  session: string | null;
  resolution: string | null;
  draft: string | null;
  undlId: string | null;
  totalYes: number;
  totalNo: number;
  totalAbstain: number;
  totalNonVoting: number;
};

export type MemberChange = { iso3: string; from: MemberVoteChoice | null; to: MemberVoteChoice | null };

export type PlannedVote = {
  line: number;
  status: "new" | "changed" | "unchanged";
  existingId: string | null;
  fields: VoteFields;
  members: { iso3: string; choice: MemberVoteChoice }[];
  vetoedBy: string[];
  /** For a changed vote: the fields that differ and each member whose vote differs. */
  changedFields: (keyof VoteFields)[];
  memberChanges: MemberChange[];
};

export type VoteImportPlan = {
  body: UnBody;
  errors: VoteImportError[];
  /** Empty when there are errors: nothing of such a file is imported. */
  votes: PlannedVote[];
  counts: { new: number; changed: number; unchanged: number };
};

/**
 * The kind the file implies: an amendment says so in its title; a document or draft symbol makes
 * it a draft resolution (a rejected draft never gets a resolution symbol); a Council vote with
 * neither is on procedure, such as adopting the agenda. A decision must be asked for (`kind`).
 */
export function deriveVoteKind(vote: Pick<FileVote, "title" | "resolution" | "draft">): UnVoteKind {
  if (/^amendment\b|\bamendments? to\b/i.test(vote.title)) return "amendment";
  if (vote.resolution || vote.draft) return "resolution";
  return "procedural";
}

const EMPTY_COUNTS = { new: 0, changed: 0, unchanged: 0 };

async function checkCountries(votes: FileVote[], db: Db, errors: VoteImportError[]): Promise<void> {
  const codes = [...new Set(votes.flatMap((vote) => vote.listed.map((member) => member.iso3)))];
  const known = new Set(
    (await db.country.findMany({ where: { iso3: { in: codes } }, select: { iso3: true } })).map(
      (c) => c.iso3,
    ),
  );
  for (const vote of votes) {
    for (const member of vote.listed) {
      if (!known.has(member.iso3))
        errors.push({ line: member.line, code: "unknownCountry", iso3: member.iso3 });
    }
  }
}

/** The Council's seats in each year the file's votes were taken: year → iso3 → kind. */
async function councilSeats(votes: FileVote[], db: Db) {
  const years = [...new Set(votes.map((vote) => Number(vote.votedOn.slice(0, 4))))];
  const seats = await db.councilSeat.findMany({ where: { year: { in: years } } });
  const byYear = new Map<number, Map<string, "permanent" | "elected">>();
  for (const seat of seats) {
    if (!byYear.has(seat.year)) byYear.set(seat.year, new Map());
    byYear.get(seat.year)!.set(seat.countryIso3, seat.kind);
  }
  return byYear;
}

/** A Council vote lists exactly the 15 states seated that year, each once. */
function checkCouncilMembers(
  vote: FileVote,
  seated: Map<string, "permanent" | "elected"> | undefined,
  errors: VoteImportError[],
): void {
  const year = Number(vote.votedOn.slice(0, 4));
  if (!seated) {
    errors.push({ line: vote.line, code: "noCouncilSeats", year });
    return;
  }
  const listed = new Set(vote.listed.map((member) => member.iso3));
  for (const member of vote.listed) {
    if (!seated.has(member.iso3))
      errors.push({ line: member.line, code: "notCouncilMember", iso3: member.iso3, year });
  }
  for (const iso3 of [...seated.keys()].sort()) {
    if (!listed.has(iso3)) errors.push({ line: vote.line, code: "councilMemberMissing", iso3, year });
  }
}

function fieldsOf(vote: FileVote, options: VoteImportOptions, ballots: MemberBallot[]): VoteFields {
  const kind = options.kind ?? deriveVoteKind(vote);
  return {
    body: options.body,
    kind,
    outcome: vote.withoutVote ? "adopted_without_vote" : voteOutcome({ body: options.body, kind, ballots }),
    meeting: vote.meeting,
    votedOn: vote.votedOn,
    title: vote.title,
    session: vote.session,
    resolution: vote.resolution,
    draft: vote.draft,
    undlId: vote.undlId,
    totalYes: vote.totals.yes,
    totalNo: vote.totals.no,
    totalAbstain: vote.totals.abstain,
    totalNonVoting: vote.totals.nonVoting,
  };
}

type Existing = Awaited<ReturnType<typeof findExisting>>[number];

function findExisting(votes: FileVote[], body: UnBody, db: Db) {
  const undlIds = votes.flatMap((vote) => (vote.undlId ? [vote.undlId] : []));
  return db.unVote.findMany({
    where: {
      OR: [{ undlId: { in: undlIds } }, { body, meeting: { in: votes.map((vote) => vote.meeting) } }],
    },
    include: { memberVotes: { select: { countryIso3: true, choice: true } } },
  });
}

function storedFields(existing: Existing): VoteFields {
  return {
    body: existing.body,
    kind: existing.kind,
    outcome: existing.outcome,
    meeting: existing.meeting,
    votedOn: existing.votedOn.toISOString().slice(0, 10),
    title: existing.title,
    session: existing.session,
    resolution: existing.resolution,
    draft: existing.draft,
    undlId: existing.undlId,
    totalYes: existing.totalYes,
    totalNo: existing.totalNo,
    totalAbstain: existing.totalAbstain,
    totalNonVoting: existing.totalNonVoting,
  };
}

function memberChanges(existing: Existing, members: PlannedVote["members"]): MemberChange[] {
  const before = new Map(existing.memberVotes.map((member) => [member.countryIso3, member.choice]));
  const after = new Map(members.map((member) => [member.iso3, member.choice]));
  const changes: MemberChange[] = [];
  for (const iso3 of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const from = before.get(iso3) ?? null;
    const to = after.get(iso3) ?? null;
    if (from !== to) changes.push({ iso3, from, to });
  }
  return changes;
}

/** What importing `text` would change, or every reason it cannot be imported. Writes nothing. */
export async function planVoteImport(
  text: string,
  options: VoteImportOptions,
  db: Db = getPrisma(),
): Promise<VoteImportPlan> {
  const { votes, errors } = readVoteCsv(text);
  const fail = (): VoteImportPlan => ({
    body: options.body,
    errors: sortErrors(errors),
    votes: [],
    counts: EMPTY_COUNTS,
  });
  if (votes.length === 0 || errors.some((error) => error.line === 1)) return fail();

  await checkCountries(votes, db, errors);
  const seatsByYear = options.body === "security_council" ? await councilSeats(votes, db) : null;
  const existing = await findExisting(votes, options.body, db);

  const planned: PlannedVote[] = [];
  for (const vote of votes) {
    const seated = seatsByYear?.get(Number(vote.votedOn.slice(0, 4)));
    if (seatsByYear && !vote.withoutVote && vote.votedOn) checkCouncilMembers(vote, seated, errors);
    const ballots = vote.members.map((member) => ({
      iso3: member.iso3,
      choice: member.choice,
      seat: seated?.get(member.iso3),
    }));
    const fields = fieldsOf(vote, options, ballots);
    if (fields.resolution && fields.outcome === "rejected") {
      errors.push({ line: vote.line, code: "resolutionRejected", value: fields.resolution });
    }

    const byUndl = vote.undlId ? existing.find((row) => row.undlId === vote.undlId) : undefined;
    const byKey = existing.find(
      (row) => row.body === options.body && row.meeting === vote.meeting && row.title === vote.title,
    );
    if (byUndl && byUndl.body !== options.body) {
      errors.push({ line: vote.line, code: "otherBody", value: vote.undlId ?? "" });
    }
    // Another record already holds this meeting and title: one of the two files is wrong.
    if (byKey && (byUndl ? byKey.id !== byUndl.id : byKey.undlId !== null && byKey.undlId !== vote.undlId)) {
      errors.push({ line: vote.line, code: "conflictingVote", value: byKey.undlId ?? "" });
    }
    const match = byUndl ?? byKey;
    const members = vote.members.map(({ iso3, choice }) => ({ iso3, choice }));
    const stored = match ? storedFields(match) : null;
    const changedFields = stored
      ? (Object.keys(fields) as (keyof VoteFields)[]).filter((key) => fields[key] !== stored[key])
      : [];
    const changes = match ? memberChanges(match, members) : [];
    planned.push({
      line: vote.line,
      status: !match ? "new" : changedFields.length > 0 || changes.length > 0 ? "changed" : "unchanged",
      existingId: match?.id ?? null,
      fields,
      members,
      vetoedBy: vetoedBy({ body: options.body, kind: fields.kind, ballots }),
      changedFields,
      memberChanges: changes,
    });
  }
  if (errors.length > 0) return fail();
  const counts = { ...EMPTY_COUNTS };
  for (const vote of planned) counts[vote.status]++;
  return { body: options.body, errors: [], votes: planned, counts };
}

function rowData(fields: VoteFields) {
  return { ...fields, votedOn: new Date(`${fields.votedOn}T00:00:00Z`) };
}

// A whole General Assembly session is a few hundred votes of 193 rows: more than the 5 s Prisma
// gives an interactive transaction by default.
const IMPORT_TRANSACTION_MS = 120_000;

/**
 * Plans again inside one transaction and writes the plan, or nothing when the file has any error.
 * Planning again means a preview that went stale (someone imported in between) cannot be applied
 * half-way: what is written is what this transaction saw.
 */
export async function applyVoteImport(
  text: string,
  options: VoteImportOptions,
  prisma: PrismaClient = getPrisma(),
): Promise<VoteImportPlan> {
  return prisma.$transaction(
    async (db) => {
      const plan = await planVoteImport(text, options, db);
      for (const vote of plan.votes) {
        const members = vote.members.map(({ iso3, choice }) => ({ countryIso3: iso3, choice }));
        if (vote.status === "new") {
          const created = await db.unVote.create({ data: rowData(vote.fields), select: { id: true } });
          await db.unMemberVote.createMany({
            data: members.map((member) => ({ ...member, voteId: created.id })),
          });
          vote.existingId = created.id;
        } else if (vote.status === "changed") {
          const voteId = vote.existingId!;
          await db.unVote.update({ where: { id: voteId }, data: rowData(vote.fields) });
          await db.unMemberVote.deleteMany({ where: { voteId } });
          await db.unMemberVote.createMany({ data: members.map((member) => ({ ...member, voteId })) });
        }
      }
      return plan;
    },
    { timeout: IMPORT_TRANSACTION_MS, maxWait: 30_000 },
  );
}
