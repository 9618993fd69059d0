-- DropIndex
DROP INDEX "email_deliveries_update_id_status_idx";

-- CreateTable
CREATE TABLE "email_batches" (
    "batch_key" TEXT NOT NULL,
    "entries" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_batches_pkey" PRIMARY KEY ("batch_key")
);

-- CreateIndex
CREATE INDEX "email_deliveries_update_id_status_id_idx" ON "email_deliveries"("update_id", "status", "id");
