// Recorded UN votes as the staff area shows them, and the campaigns each is linked to.
import { z } from "zod";
import type { CampaignStatus, Locale, UnBody, UnVoteKind } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { vetoedBy, type MemberBallot } from "~/utils/un-vote-rules";

type CampaignTitleSource = {
  id: string;
  slug: string;
  status: CampaignStatus;
  sourceLocale: Locale;
  translations: { locale: Locale; title: string }[];
};

const CAMPAIGN_TITLE_SELECT = {
  id: true,
  slug: true,
  status: true,
  sourceLocale: true,
  translations: { select: { locale: true, title: true } },
} as const;

/** A campaign as a line in a vote's list: its title in the language it was written in. */
function campaignLabel(campaign: CampaignTitleSource) {
  const source = campaign.translations.find((t) => t.locale === campaign.sourceLocale);
  return {
    id: campaign.id,
    slug: campaign.slug,
    status: campaign.status,
    title: source?.title || campaign.slug,
    titleLocale: source ? campaign.sourceLocale : null,
  };
}

/**
 * The permanent members whose no defeated each rejected Council draft, by vote id. Only those
 * votes need their member rows and the Council's seats of their year.
 */
async function vetoesOf(
  votes: { id: string; body: UnBody; kind: UnVoteKind; outcome: string; votedOn: Date }[],
) {
  const rejected = votes.filter(
    (vote) => vote.body === "security_council" && vote.kind !== "procedural" && vote.outcome === "rejected",
  );
  const vetoes = new Map<string, string[]>();
  if (rejected.length === 0) return vetoes;
  const prisma = getPrisma();
  const [members, seats] = await Promise.all([
    prisma.unMemberVote.findMany({ where: { voteId: { in: rejected.map((vote) => vote.id) } } }),
    prisma.councilSeat.findMany({
      where: { year: { in: [...new Set(rejected.map((vote) => vote.votedOn.getUTCFullYear()))] } },
    }),
  ]);
  for (const vote of rejected) {
    const year = vote.votedOn.getUTCFullYear();
    const ballots: MemberBallot[] = members
      .filter((member) => member.voteId === vote.id)
      .map((member) => ({
        iso3: member.countryIso3,
        choice: member.choice,
        seat: seats.find((seat) => seat.year === year && seat.countryIso3 === member.countryIso3)?.kind,
      }));
    vetoes.set(vote.id, vetoedBy({ body: vote.body, kind: vote.kind, ballots }));
  }
  return vetoes;
}

export async function listVotesForStaff() {
  const votes = await getPrisma().unVote.findMany({
    orderBy: [{ votedOn: "desc" }, { meeting: "desc" }],
    include: { campaigns: { include: { campaign: { select: CAMPAIGN_TITLE_SELECT } } } },
  });
  const vetoes = await vetoesOf(votes);
  return votes.map((vote) => ({
    id: vote.id,
    body: vote.body,
    kind: vote.kind,
    outcome: vote.outcome,
    meeting: vote.meeting,
    votedOn: vote.votedOn.toISOString(),
    title: vote.title,
    resolution: vote.resolution,
    tally: {
      yes: vote.totalYes,
      no: vote.totalNo,
      abstain: vote.totalAbstain,
      nonVoting: vote.totalNonVoting,
    },
    vetoedBy: vetoes.get(vote.id) ?? [],
    campaigns: vote.campaigns.map((link) => campaignLabel(link.campaign)),
  }));
}

/** One vote with every member's vote and every campaign it could be linked to, or null. */
export async function getVoteForStaff(id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const prisma = getPrisma();
  const vote = await prisma.unVote.findUnique({
    where: { id },
    include: {
      memberVotes: {
        include: { country: { select: { nameEn: true, nameKo: true, nameJa: true } } },
        orderBy: { countryIso3: "asc" },
      },
      campaigns: { select: { campaignId: true } },
    },
  });
  if (!vote) return null;
  const campaigns = await prisma.campaign.findMany({
    orderBy: { createdAt: "desc" },
    select: CAMPAIGN_TITLE_SELECT,
  });
  const vetoes = await vetoesOf([vote]);
  return {
    id: vote.id,
    body: vote.body,
    kind: vote.kind,
    outcome: vote.outcome,
    meeting: vote.meeting,
    votedOn: vote.votedOn.toISOString(),
    title: vote.title,
    session: vote.session,
    resolution: vote.resolution,
    draft: vote.draft,
    undlId: vote.undlId,
    tally: {
      yes: vote.totalYes,
      no: vote.totalNo,
      abstain: vote.totalAbstain,
      nonVoting: vote.totalNonVoting,
    },
    vetoedBy: vetoes.get(vote.id) ?? [],
    members: vote.memberVotes.map((member) => ({
      iso3: member.countryIso3,
      choice: member.choice,
      names: { en: member.country.nameEn, ko: member.country.nameKo, ja: member.country.nameJa },
    })),
    linkedCampaignIds: vote.campaigns.map((link) => link.campaignId),
    campaigns: campaigns.map(campaignLabel),
  };
}

/** The campaigns ticked on a vote's page; a campaign list longer than any real one is refused. */
export const VoteLinksSchema = z.object({ campaignIds: z.array(z.uuid()).max(1000) });

export class UnknownCampaignError extends Error {}

/**
 * Makes the vote's linked campaigns exactly `campaignIds`, in one transaction. Null when the vote
 * does not exist; UnknownCampaignError when a campaign does not (deleted while the page was open).
 */
export async function setVoteCampaigns(voteId: string, campaignIds: string[]) {
  if (!z.uuid().safeParse(voteId).success) return null;
  const wanted = [...new Set(campaignIds)];
  return getPrisma().$transaction(async (db) => {
    const vote = await db.unVote.findUnique({ where: { id: voteId }, select: { id: true } });
    if (!vote) return null;
    if ((await db.campaign.count({ where: { id: { in: wanted } } })) !== wanted.length) {
      throw new UnknownCampaignError();
    }
    const current = (await db.campaignVote.findMany({ where: { voteId } })).map((link) => link.campaignId);
    const added = wanted.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !wanted.includes(id));
    await db.campaignVote.deleteMany({ where: { voteId, campaignId: { in: removed } } });
    await db.campaignVote.createMany({
      data: added.map((campaignId) => ({ voteId, campaignId })),
      skipDuplicates: true,
    });
    return { added, removed };
  });
}
