-- CreateEnum
CREATE TYPE "PrivacyMode" AS ENUM ('normal', 'at_risk');

-- CreateEnum
CREATE TYPE "StaffTokenPurpose" AS ENUM ('enrol');

-- AlterEnum (highest role first, as in the schema)
ALTER TYPE "StaffRole" ADD VALUE 'owner' BEFORE 'admin';
ALTER TYPE "StaffRole" ADD VALUE 'viewer';

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "archived_at" TIMESTAMPTZ,
ADD COLUMN     "deadline" TIMESTAMPTZ,
ADD COLUMN     "privacy_mode" "PrivacyMode" NOT NULL DEFAULT 'normal';

-- AlterTable
ALTER TABLE "campaign_translations" ADD COLUMN     "outcome" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "share_text" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "staff_users" DROP COLUMN "totp_secret",
ADD COLUMN     "enrolled_at" TIMESTAMPTZ,
ADD COLUMN     "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "locale" "Locale" NOT NULL DEFAULT 'ko',
ADD COLUMN     "locked_until" TIMESTAMPTZ,
ADD COLUMN     "totp_last_step" BIGINT,
ADD COLUMN     "totp_secret_sealed" TEXT;

-- AlterTable (no staff could sign in before this migration, so no session is lost)
DELETE FROM "staff_sessions";
ALTER TABLE "staff_sessions" DROP CONSTRAINT "staff_sessions_pkey",
ADD COLUMN     "challenge" TEXT,
ADD COLUMN     "ip_hash" BYTEA,
ADD COLUMN     "last_seen_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "reauth_at" TIMESTAMPTZ,
ADD COLUMN     "revoked_at" TIMESTAMPTZ,
ADD COLUMN     "user_agent" TEXT NOT NULL DEFAULT '',
ALTER COLUMN "id" SET DATA TYPE TEXT,
ADD CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "ip_hash" BYTEA;

-- CreateTable
CREATE TABLE "campaign_slug_redirects" (
    "slug" TEXT NOT NULL,
    "campaign_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_slug_redirects_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "staff_tokens" (
    "token_hash" BYTEA NOT NULL,
    "user_id" UUID NOT NULL,
    "purpose" "StaffTokenPurpose" NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,

    CONSTRAINT "staff_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "staff_passkeys" (
    "id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "public_key" BYTEA NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "name" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ,

    CONSTRAINT "staff_passkeys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_recovery_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" BYTEA NOT NULL,
    "used_at" TIMESTAMPTZ,

    CONSTRAINT "staff_recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_slug_redirects_campaign_id_idx" ON "campaign_slug_redirects"("campaign_id");

-- CreateIndex
CREATE INDEX "staff_tokens_user_id_idx" ON "staff_tokens"("user_id");

-- CreateIndex
CREATE INDEX "staff_passkeys_user_id_idx" ON "staff_passkeys"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_recovery_codes_user_id_code_hash_key" ON "staff_recovery_codes"("user_id", "code_hash");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_created_at_idx" ON "audit_log"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_action_created_at_idx" ON "audit_log"("action", "created_at");

-- AddForeignKey
ALTER TABLE "campaign_slug_redirects" ADD CONSTRAINT "campaign_slug_redirects_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_tokens" ADD CONSTRAINT "staff_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_passkeys" ADD CONSTRAINT "staff_passkeys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_recovery_codes" ADD CONSTRAINT "staff_recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

