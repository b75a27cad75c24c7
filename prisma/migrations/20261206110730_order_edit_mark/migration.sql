-- CreateTable
CREATE TABLE "OrderEditMark" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "touches" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME,
    "value" TEXT,
    "currency" TEXT,
    "totalPrice" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "OrderEditMark_shopDomain_orderId_key" ON "OrderEditMark"("shopDomain", "orderId");
