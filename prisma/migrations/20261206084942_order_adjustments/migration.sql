-- CreateTable
CREATE TABLE "OrderAdjustment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "amount" TEXT,
    "currency" TEXT,
    "reason" TEXT,
    "unitsAdded" INTEGER NOT NULL DEFAULT 0,
    "unitsRemoved" INTEGER NOT NULL DEFAULT 0,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "OrderAdjustment_shopDomain_orderId_kind_sourceId_key" ON "OrderAdjustment"("shopDomain", "orderId", "kind", "sourceId");
