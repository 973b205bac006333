-- AlterTable
ALTER TABLE "OutboxMail" ADD COLUMN     "render" JSONB;
