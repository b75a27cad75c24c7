-- AlterTable
ALTER TABLE "QualityRead" ADD COLUMN "statsMessage" TEXT;
ALTER TABLE "QualityRead" ADD COLUMN "statsOutcome" TEXT;

-- CreateTable
CREATE TABLE "MetaEventCount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "pixelId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,
    "readAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "MetaEventCount_shopDomain_eventName_hourStart_idx" ON "MetaEventCount"("shopDomain", "eventName", "hourStart");

-- CreateIndex
CREATE UNIQUE INDEX "MetaEventCount_destinationId_eventName_hourStart_key" ON "MetaEventCount"("destinationId", "eventName", "hourStart");
