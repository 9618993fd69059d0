-- Issue 11: what a subscriber may tell us (a name, a country), where and from what network they
-- consented, and updates that wait for a time or are paused mid-send.

-- AlterEnum
ALTER TYPE "UpdateStatus" ADD VALUE 'scheduled';
ALTER TYPE "UpdateStatus" ADD VALUE 'paused';

-- AlterTable
ALTER TABLE "subscribers" ADD COLUMN     "country_iso3" CHAR(3),
ADD COLUMN     "name" TEXT;

-- AlterTable
ALTER TABLE "consent_records" ADD COLUMN     "ip_hash" BYTEA,
ADD COLUMN     "source_page" TEXT;

-- AlterTable
ALTER TABLE "updates" ADD COLUMN     "paused_at" TIMESTAMPTZ,
ADD COLUMN     "scheduled_at" TIMESTAMPTZ;

-- AddForeignKey
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_country_iso3_fkey" FOREIGN KEY ("country_iso3") REFERENCES "countries"("iso3") ON DELETE SET NULL ON UPDATE CASCADE;

