-- AlterTable
ALTER TABLE "StoredFile" ADD COLUMN     "judgeSizeBytes" BIGINT,
ADD COLUMN     "judgeStorageKey" TEXT;
