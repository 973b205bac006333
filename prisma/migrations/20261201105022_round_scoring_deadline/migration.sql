-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "scoringDeadline" DATE;
