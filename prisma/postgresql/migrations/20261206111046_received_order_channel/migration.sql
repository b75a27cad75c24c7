-- AlterTable
ALTER TABLE "ReceivedOrder" ADD COLUMN     "channel" TEXT;

