/*
  Warnings:

  - You are about to drop the column `idempotency_key` on the `email_deliveries` table. All the data in the column will be lost.

*/
-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'sending';

-- AlterTable
ALTER TABLE "email_deliveries" DROP COLUMN "idempotency_key",
ADD COLUMN     "batch_key" TEXT,
ADD COLUMN     "locale" "Locale" NOT NULL DEFAULT 'en',
ADD COLUMN     "payload" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "subscription_id" UUID;

-- AlterTable
ALTER TABLE "updates" ADD COLUMN     "deliveries_planned_at" TIMESTAMPTZ;

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_failures" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "failed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_idempotency_key_key" ON "outbox_messages"("idempotency_key");

-- CreateIndex
CREATE INDEX "outbox_messages_created_at_idx" ON "outbox_messages"("created_at");

-- CreateIndex
CREATE INDEX "job_failures_failed_at_idx" ON "job_failures"("failed_at");

-- CreateIndex
CREATE INDEX "email_deliveries_update_id_status_idx" ON "email_deliveries"("update_id", "status");

-- CreateIndex
CREATE INDEX "email_deliveries_batch_key_idx" ON "email_deliveries"("batch_key");

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
