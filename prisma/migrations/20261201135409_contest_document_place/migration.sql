-- AlterTable
ALTER TABLE "Contest" ADD COLUMN     "documentPlace" TEXT NOT NULL DEFAULT '';
