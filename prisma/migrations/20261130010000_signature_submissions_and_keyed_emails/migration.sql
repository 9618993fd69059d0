-- Each posted sign form becomes a submission with its own confirmation link: a signature shows
-- only what its mailbox owner confirmed (issue 8). Uniqueness moves from the normalised address in
-- clear to a keyed hash of it, so a withdrawn signature can be scrubbed and still deduplicated.

-- CreateTable
CREATE TABLE "signature_submissions" (
    "id" UUID NOT NULL,
    "signature_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "country_iso3" CHAR(3),
    "postcode" TEXT,
    "display_choice" "DisplayChoice" NOT NULL,
    "from_dprk" BOOLEAN NOT NULL DEFAULT false,
    "locale" "Locale" NOT NULL,
    "wants_updates" BOOLEAN NOT NULL DEFAULT false,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "flag_reason" TEXT,
    "ip_hash" TEXT,
    "token_hash" TEXT,
    "token_expires_at" TIMESTAMPTZ NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ,

    CONSTRAINT "signature_submissions_pkey" PRIMARY KEY ("id")
);

-- A pending signature's link keeps working: its submission takes the signature's id, which is
-- what its token was computed from.
INSERT INTO "signature_submissions" ("id", "signature_id", "name", "email", "country_iso3", "postcode",
  "display_choice", "locale", "wants_updates", "flagged", "flag_reason", "ip_hash", "token_hash",
  "token_expires_at", "created_at")
SELECT "id", "id", "name", "email", "country_iso3", "postcode", "display_choice", "locale",
  "wants_updates", "flagged", "flag_reason", "ip_hash", "token_hash", "token_expires_at", "created_at"
FROM "signatures" WHERE "status" = 'pending' AND "token_hash" IS NOT NULL AND "token_expires_at" IS NOT NULL;

-- DropIndex
DROP INDEX "signatures_token_hash_key";

-- DropIndex
DROP INDEX "signatures_campaign_id_email_normal_key";

-- Existing rows cannot be keyed here (the key derives from APP_SECRET, which the database never
-- sees): they keep their normalised address under a prefix no keyed hash can take. Only signatures
-- from before launch have one.
ALTER TABLE "signatures" ADD COLUMN "email_key" TEXT;
UPDATE "signatures" SET "email_key" = 'unkeyed:' || "email_normal";
ALTER TABLE "signatures" ALTER COLUMN "email_key" SET NOT NULL;

-- AlterTable
ALTER TABLE "signatures" DROP COLUMN "email_normal",
DROP COLUMN "token_expires_at",
DROP COLUMN "token_hash",
ADD COLUMN     "from_dprk" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "name" DROP NOT NULL,
ALTER COLUMN "email" DROP NOT NULL;

-- Suppressions key on the exact address that bounced or complained.
ALTER TABLE "email_suppressions" RENAME COLUMN "email_normal" TO "email";

-- CreateIndex
CREATE UNIQUE INDEX "signature_submissions_token_hash_key" ON "signature_submissions"("token_hash");

-- CreateIndex
CREATE INDEX "signature_submissions_signature_id_idx" ON "signature_submissions"("signature_id");

-- CreateIndex
CREATE INDEX "signature_submissions_token_expires_at_idx" ON "signature_submissions"("token_expires_at");

-- CreateIndex
CREATE INDEX "signatures_status_withdrawn_at_idx" ON "signatures"("status", "withdrawn_at");

-- CreateIndex
CREATE UNIQUE INDEX "signatures_campaign_id_email_key_key" ON "signatures"("campaign_id", "email_key");

-- AddForeignKey
ALTER TABLE "signature_submissions" ADD CONSTRAINT "signature_submissions_signature_id_fkey" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE CASCADE;
