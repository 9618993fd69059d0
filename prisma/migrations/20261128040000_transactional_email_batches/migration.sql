-- CreateIndex
CREATE INDEX "email_deliveries_status_update_id_created_at_idx" ON "email_deliveries"("status", "update_id", "created_at");
