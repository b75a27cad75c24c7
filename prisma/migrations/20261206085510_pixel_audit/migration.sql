-- CreateTable
CREATE TABLE "PixelAuditFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "pageType" TEXT NOT NULL,
    "order" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "PixelAuditFinding_shopDomain_kind_subject_pageType_key" ON "PixelAuditFinding"("shopDomain", "kind", "subject", "pageType");
