-- AlterEnum
ALTER TYPE "StorageBackend" ADD VALUE 'S3';
