-- AlterTable
ALTER TABLE "ReceivedOrder" ADD COLUMN     "orderClass" TEXT;

