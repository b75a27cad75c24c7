-- CreateTable
CREATE TABLE "QualityRead" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "pixelId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "message" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "QualityRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QualitySnapshot" (
    "id" TEXT NOT NULL,
    "readId" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "pixelId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,
    "emq" DOUBLE PRECISION,
    "metrics" TEXT NOT NULL,

    CONSTRAINT "QualitySnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QualityRead_shopDomain_startedAt_idx" ON "QualityRead"("shopDomain", "startedAt");

-- CreateIndex
CREATE INDEX "QualityRead_startedAt_idx" ON "QualityRead"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QualityRead_destinationId_slot_key" ON "QualityRead"("destinationId", "slot");

-- CreateIndex
CREATE INDEX "QualitySnapshot_readId_idx" ON "QualitySnapshot"("readId");

-- CreateIndex
CREATE INDEX "QualitySnapshot_destinationId_scope_eventName_readAt_idx" ON "QualitySnapshot"("destinationId", "scope", "eventName", "readAt");

-- CreateIndex
CREATE INDEX "QualitySnapshot_readAt_idx" ON "QualitySnapshot"("readAt");

