-- CreateTable
CREATE TABLE "OrderEditMark" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "touches" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3),
    "value" TEXT,
    "currency" TEXT,
    "totalPrice" TEXT,

    CONSTRAINT "OrderEditMark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OrderEditMark_shopDomain_orderId_key" ON "OrderEditMark"("shopDomain", "orderId");

