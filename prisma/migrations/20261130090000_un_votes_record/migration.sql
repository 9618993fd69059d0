-- Issue 11: a vote's kind and outcome, the Third Committee, the UN's "non-voting" total, and
-- votes linked to any number of campaigns. Existing rows keep their data.

-- CreateEnum
CREATE TYPE "UnVoteKind" AS ENUM ('resolution', 'procedural', 'amendment', 'decision');

-- CreateEnum
CREATE TYPE "UnVoteOutcome" AS ENUM ('adopted', 'rejected', 'adopted_without_vote');

-- AlterEnum
ALTER TYPE "UnBody" ADD VALUE 'third_committee';

-- The single campaign link becomes a table, so one vote can matter to several campaigns.
CREATE TABLE "campaign_votes" (
    "campaign_id" UUID NOT NULL,
    "vote_id" UUID NOT NULL,

    CONSTRAINT "campaign_votes_pkey" PRIMARY KEY ("campaign_id","vote_id")
);

INSERT INTO "campaign_votes" ("campaign_id", "vote_id")
SELECT "campaign_id", "id" FROM "un_votes" WHERE "campaign_id" IS NOT NULL;

ALTER TABLE "un_votes" DROP CONSTRAINT "un_votes_campaign_id_fkey";

ALTER TABLE "un_votes" DROP COLUMN "campaign_id";

ALTER TABLE "un_votes" RENAME COLUMN "total_absent" TO "total_non_voting";

-- Rows recorded before this migration had no kind or outcome: a vote without a document symbol
-- was procedural, and more yes than no carried it (the only such row is the seed's 2014 vote).
ALTER TABLE "un_votes" ADD COLUMN "kind" "UnVoteKind" NOT NULL DEFAULT 'resolution',
ADD COLUMN "outcome" "UnVoteOutcome",
ADD COLUMN "session" TEXT;

UPDATE "un_votes" SET
  "kind" = CASE WHEN "resolution" IS NULL THEN 'procedural' ELSE 'resolution' END::"UnVoteKind",
  "outcome" = CASE WHEN "total_yes" > "total_no" THEN 'adopted' ELSE 'rejected' END::"UnVoteOutcome";

ALTER TABLE "un_votes" ALTER COLUMN "outcome" SET NOT NULL;

-- CreateIndex
CREATE INDEX "campaign_votes_vote_id_idx" ON "campaign_votes"("vote_id");

-- CreateIndex
CREATE UNIQUE INDEX "un_votes_undl_id_key" ON "un_votes"("undl_id");

-- CreateIndex
CREATE INDEX "un_member_votes_country_iso3_idx" ON "un_member_votes"("country_iso3");

-- AddForeignKey
ALTER TABLE "campaign_votes" ADD CONSTRAINT "campaign_votes_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_votes" ADD CONSTRAINT "campaign_votes_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "un_votes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
