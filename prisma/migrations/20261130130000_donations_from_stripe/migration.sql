-- Donations recorded from Stripe's webhooks: donor fields, one row per monthly charge (keyed by
-- invoice), monthly gifts, refunds and disputes, a campaign's money goal, and provider events
-- de-duplicated by the change they stand for as well as by their id. No existing row changes.

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('open', 'won', 'lost');

-- CreateEnum
CREATE TYPE "MonthlyGiftStatus" AS ENUM ('incomplete', 'active', 'past_due', 'canceled');

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "donation_goal" INTEGER,
ADD COLUMN     "donation_goal_currency" "Currency";

-- AlterTable
ALTER TABLE "donations" ADD COLUMN     "amount_refunded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "charge_id" TEXT,
ADD COLUMN     "dispute_status" "DisputeStatus",
ADD COLUMN     "donor_name" TEXT,
ADD COLUMN     "failure_reason" TEXT,
ADD COLUMN     "invoice_id" TEXT,
ADD COLUMN     "message" TEXT,
ADD COLUMN     "monthly_gift_id" UUID,
ADD COLUMN     "paid_at" TIMESTAMPTZ,
ADD COLUMN     "payment_method_type" TEXT,
ADD COLUMN     "receipt_queued_at" TIMESTAMPTZ,
ADD COLUMN     "show_name" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "provider_events" ADD COLUMN     "effect_key" TEXT;

-- CreateTable
CREATE TABLE "monthly_gifts" (
    "id" UUID NOT NULL,
    "stripe_subscription_id" TEXT,
    "customer_id" TEXT,
    "status" "MonthlyGiftStatus" NOT NULL DEFAULT 'incomplete',
    "amount" INTEGER NOT NULL,
    "currency" "Currency" NOT NULL,
    "locale" "Locale" NOT NULL,
    "campaign_id" UUID,
    "email" TEXT,
    "donor_name" TEXT,
    "show_name" BOOLEAN NOT NULL DEFAULT false,
    "last_failed_at" TIMESTAMPTZ,
    "canceled_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "monthly_gifts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "monthly_gifts_stripe_subscription_id_key" ON "monthly_gifts"("stripe_subscription_id");

-- CreateIndex
CREATE INDEX "monthly_gifts_status_idx" ON "monthly_gifts"("status");

-- CreateIndex
CREATE UNIQUE INDEX "donations_invoice_id_key" ON "donations"("invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "donations_charge_id_key" ON "donations"("charge_id");

-- CreateIndex
CREATE INDEX "donations_campaign_id_status_idx" ON "donations"("campaign_id", "status");

-- CreateIndex
CREATE INDEX "donations_status_created_at_idx" ON "donations"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "provider_events_provider_effect_key_key" ON "provider_events"("provider", "effect_key");

-- AddForeignKey
ALTER TABLE "donations" ADD CONSTRAINT "donations_monthly_gift_id_fkey" FOREIGN KEY ("monthly_gift_id") REFERENCES "monthly_gifts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_gifts" ADD CONSTRAINT "monthly_gifts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

