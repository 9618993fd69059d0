-- Korean donation receipt requests: a resident registration number, sealed with DONOR_DATA_KEY, in
-- its own table beside the gift, erased once the receipt is issued (ADR 0022).
-- CreateTable
CREATE TABLE "korean_receipt_requests" (
    "id" UUID NOT NULL,
    "donation_id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "sealed" BYTEA,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issued_at" TIMESTAMPTZ,
    "erased_at" TIMESTAMPTZ,

    CONSTRAINT "korean_receipt_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "korean_receipt_requests_donation_id_key" ON "korean_receipt_requests"("donation_id");

-- AddForeignKey
ALTER TABLE "korean_receipt_requests" ADD CONSTRAINT "korean_receipt_requests_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "donations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

