-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "sensitive_countries" CHAR(3)[] DEFAULT ARRAY[]::CHAR(3)[];
