-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('en', 'ko', 'ja');

-- CreateEnum
CREATE TYPE "CouncilSeatKind" AS ENUM ('permanent', 'elected');

-- CreateEnum
CREATE TYPE "UnBody" AS ENUM ('security_council', 'general_assembly', 'human_rights_council');

-- CreateEnum
CREATE TYPE "MemberVoteChoice" AS ENUM ('yes', 'no', 'abstain', 'absent');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'live', 'closed', 'archived');

-- CreateEnum
CREATE TYPE "SignatureStatus" AS ENUM ('pending', 'confirmed', 'withdrawn');

-- CreateEnum
CREATE TYPE "DisplayChoice" AS ENUM ('full_name', 'initials', 'anonymous');

-- CreateEnum
CREATE TYPE "SubscriberStatus" AS ENUM ('pending', 'active', 'unsubscribed');

-- CreateEnum
CREATE TYPE "ConsentAction" AS ENUM ('granted', 'confirmed', 'withdrawn');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('hard_bounce', 'complaint', 'manual');

-- CreateEnum
CREATE TYPE "Currency" AS ENUM ('USD', 'KRW', 'JPY', 'EUR', 'GBP');

-- CreateEnum
CREATE TYPE "DonationKind" AS ENUM ('one_time', 'monthly');

-- CreateEnum
CREATE TYPE "DonationStatus" AS ENUM ('pending', 'succeeded', 'failed', 'refunded', 'canceled');

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('stripe', 'resend');

-- CreateEnum
CREATE TYPE "UpdateStatus" AS ENUM ('draft', 'sending', 'sent');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('queued', 'sent', 'delivered', 'bounced', 'complained', 'failed', 'suppressed');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'campaigner');

-- CreateTable
CREATE TABLE "countries" (
    "iso3" CHAR(3) NOT NULL,
    "iso2" CHAR(2) NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_ko" TEXT NOT NULL,
    "name_ja" TEXT NOT NULL,
    "un_member" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "countries_pkey" PRIMARY KEY ("iso3")
);

-- CreateTable
CREATE TABLE "council_seats" (
    "country_iso3" CHAR(3) NOT NULL,
    "year" SMALLINT NOT NULL,
    "kind" "CouncilSeatKind" NOT NULL,

    CONSTRAINT "council_seats_pkey" PRIMARY KEY ("year","country_iso3")
);

-- CreateTable
CREATE TABLE "un_votes" (
    "id" UUID NOT NULL,
    "body" "UnBody" NOT NULL,
    "meeting" TEXT NOT NULL,
    "voted_on" DATE NOT NULL,
    "title" TEXT NOT NULL,
    "resolution" TEXT,
    "draft" TEXT,
    "undl_id" TEXT,
    "total_yes" INTEGER NOT NULL,
    "total_no" INTEGER NOT NULL,
    "total_abstain" INTEGER NOT NULL,
    "total_absent" INTEGER NOT NULL,
    "campaign_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "un_votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "un_member_votes" (
    "vote_id" UUID NOT NULL,
    "country_iso3" CHAR(3) NOT NULL,
    "choice" "MemberVoteChoice" NOT NULL,

    CONSTRAINT "un_member_votes_pkey" PRIMARY KEY ("vote_id","country_iso3")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "signature_goal" INTEGER NOT NULL,
    "source_locale" "Locale" NOT NULL DEFAULT 'en',
    "published_at" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_translations" (
    "campaign_id" UUID NOT NULL,
    "locale" "Locale" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "petition" TEXT NOT NULL,
    "background" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "campaign_translations_pkey" PRIMARY KEY ("campaign_id","locale")
);

-- CreateTable
CREATE TABLE "campaign_targets" (
    "campaign_id" UUID NOT NULL,
    "country_iso3" CHAR(3) NOT NULL,
    "position" SMALLINT NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_targets_pkey" PRIMARY KEY ("campaign_id","country_iso3")
);

-- CreateTable
CREATE TABLE "signatures" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "status" "SignatureStatus" NOT NULL DEFAULT 'pending',
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normal" TEXT NOT NULL,
    "country_iso3" CHAR(3),
    "postcode" TEXT,
    "display_choice" "DisplayChoice" NOT NULL,
    "locale" "Locale" NOT NULL,
    "wants_updates" BOOLEAN NOT NULL DEFAULT false,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "flag_reason" TEXT,
    "ip_hash" TEXT,
    "token_hash" TEXT,
    "token_expires_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ,
    "withdrawn_at" TIMESTAMPTZ,

    CONSTRAINT "signatures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signature_counts" (
    "campaign_id" UUID NOT NULL,
    "country_iso3" CHAR(3) NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "signature_counts_pkey" PRIMARY KEY ("campaign_id","country_iso3","shard")
);

-- CreateTable
CREATE TABLE "subscribers" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "email_normal" TEXT NOT NULL,
    "locale" "Locale" NOT NULL,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unsubscribed_at" TIMESTAMPTZ,

    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL,
    "subscriber_id" UUID NOT NULL,
    "campaign_id" UUID,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ,
    "unsubscribed_at" TIMESTAMPTZ,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_records" (
    "id" UUID NOT NULL,
    "subscriber_id" UUID NOT NULL,
    "campaign_id" UUID,
    "action" "ConsentAction" NOT NULL,
    "consent_version" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "locale" "Locale" NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_suppressions" (
    "email_normal" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_suppressions_pkey" PRIMARY KEY ("email_normal")
);

-- CreateTable
CREATE TABLE "donations" (
    "id" UUID NOT NULL,
    "kind" "DonationKind" NOT NULL,
    "status" "DonationStatus" NOT NULL DEFAULT 'pending',
    "amount" INTEGER NOT NULL,
    "currency" "Currency" NOT NULL,
    "locale" "Locale" NOT NULL,
    "campaign_id" UUID,
    "email" TEXT,
    "checkout_session_id" TEXT,
    "payment_intent_id" TEXT,
    "subscription_id" TEXT,
    "customer_id" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "donations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_events" (
    "provider" "Provider" NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_events_pkey" PRIMARY KEY ("provider","event_id")
);

-- CreateTable
CREATE TABLE "updates" (
    "id" UUID NOT NULL,
    "campaign_id" UUID,
    "un_vote_id" UUID,
    "status" "UpdateStatus" NOT NULL DEFAULT 'draft',
    "author_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ,

    CONSTRAINT "updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "update_translations" (
    "update_id" UUID NOT NULL,
    "locale" "Locale" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "update_translations_pkey" PRIMARY KEY ("update_id","locale")
);

-- CreateTable
CREATE TABLE "email_deliveries" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "update_id" UUID,
    "subscriber_id" UUID,
    "to_email" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'queued',
    "idempotency_key" TEXT,
    "provider_message_id" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ,

    CONSTRAINT "email_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL DEFAULT 'campaigner',
    "password_hash" TEXT,
    "totp_secret" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "mfa_verified_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "countries_iso2_key" ON "countries"("iso2");

-- CreateIndex
CREATE INDEX "council_seats_country_iso3_idx" ON "council_seats"("country_iso3");

-- CreateIndex
CREATE INDEX "un_votes_voted_on_idx" ON "un_votes"("voted_on");

-- CreateIndex
CREATE UNIQUE INDEX "un_votes_body_meeting_title_key" ON "un_votes"("body", "meeting", "title");

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_slug_key" ON "campaigns"("slug");

-- CreateIndex
CREATE INDEX "campaigns_status_published_at_idx" ON "campaigns"("status", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "signatures_token_hash_key" ON "signatures"("token_hash");

-- CreateIndex
CREATE INDEX "signatures_campaign_id_status_confirmed_at_idx" ON "signatures"("campaign_id", "status", "confirmed_at");

-- CreateIndex
CREATE UNIQUE INDEX "signatures_campaign_id_email_normal_key" ON "signatures"("campaign_id", "email_normal");

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_email_normal_key" ON "subscribers"("email_normal");

-- CreateIndex
CREATE INDEX "subscriptions_campaign_id_status_idx" ON "subscriptions"("campaign_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_subscriber_id_campaign_id_key" ON "subscriptions"("subscriber_id", "campaign_id");

-- CreateIndex
CREATE INDEX "consent_records_subscriber_id_created_at_idx" ON "consent_records"("subscriber_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "donations_checkout_session_id_key" ON "donations"("checkout_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "donations_payment_intent_id_key" ON "donations"("payment_intent_id");

-- CreateIndex
CREATE INDEX "donations_subscription_id_idx" ON "donations"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_deliveries_provider_message_id_key" ON "email_deliveries"("provider_message_id");

-- CreateIndex
CREATE INDEX "email_deliveries_status_created_at_idx" ON "email_deliveries"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "email_deliveries_update_id_subscriber_id_key" ON "email_deliveries"("update_id", "subscriber_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- CreateIndex
CREATE INDEX "staff_sessions_user_id_idx" ON "staff_sessions"("user_id");

-- CreateIndex
CREATE INDEX "staff_sessions_expires_at_idx" ON "staff_sessions"("expires_at");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- AddForeignKey
ALTER TABLE "council_seats" ADD CONSTRAINT "council_seats_country_iso3_fkey" FOREIGN KEY ("country_iso3") REFERENCES "countries"("iso3") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "un_votes" ADD CONSTRAINT "un_votes_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "un_member_votes" ADD CONSTRAINT "un_member_votes_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "un_votes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "un_member_votes" ADD CONSTRAINT "un_member_votes_country_iso3_fkey" FOREIGN KEY ("country_iso3") REFERENCES "countries"("iso3") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_translations" ADD CONSTRAINT "campaign_translations_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_country_iso3_fkey" FOREIGN KEY ("country_iso3") REFERENCES "countries"("iso3") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_country_iso3_fkey" FOREIGN KEY ("country_iso3") REFERENCES "countries"("iso3") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signature_counts" ADD CONSTRAINT "signature_counts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "donations" ADD CONSTRAINT "donations_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "updates" ADD CONSTRAINT "updates_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "updates" ADD CONSTRAINT "updates_un_vote_id_fkey" FOREIGN KEY ("un_vote_id") REFERENCES "un_votes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "updates" ADD CONSTRAINT "updates_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "update_translations" ADD CONSTRAINT "update_translations_update_id_fkey" FOREIGN KEY ("update_id") REFERENCES "updates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_update_id_fkey" FOREIGN KEY ("update_id") REFERENCES "updates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
