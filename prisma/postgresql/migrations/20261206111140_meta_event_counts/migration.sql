-- AlterTable
ALTER TABLE "QualityRead" ADD COLUMN     "statsMessage" TEXT,
ADD COLUMN     "statsOutcome" TEXT;

-- CreateTable
CREATE TABLE "MetaEventCount" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "pixelId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetaEventCount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetaEventCount_shopDomain_eventName_hourStart_idx" ON "MetaEventCount"("shopDomain", "eventName", "hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "MetaEventCount_destinationId_eventName_hourStart_key" ON "MetaEventCount"("destinationId", "eventName", "hourStart");

