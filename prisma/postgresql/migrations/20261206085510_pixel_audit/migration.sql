-- CreateTable
CREATE TABLE "PixelAuditFinding" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "pageType" TEXT NOT NULL,
    "order" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PixelAuditFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PixelAuditFinding_shopDomain_kind_subject_pageType_key" ON "PixelAuditFinding"("shopDomain", "kind", "subject", "pageType");

