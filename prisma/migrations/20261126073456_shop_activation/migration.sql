-- CreateTable
CREATE TABLE "ShopActivation" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "lastError" TEXT,
    "appliedHash" TEXT,
    "attemptedAt" DATETIME NOT NULL,
    "succeededAt" DATETIME,
    CONSTRAINT "ShopActivation_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);
