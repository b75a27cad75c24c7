-- CreateTable
CREATE TABLE "StorefrontStatus" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "embedStatus" TEXT,
    "embedReportedAt" DATETIME,
    "pixelState" TEXT,
    "pixelDataSharing" TEXT,
    "pixelError" TEXT,
    "pixelCheckedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PixelContactDay" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "purchases" INTEGER NOT NULL DEFAULT 0,
    "withEmail" INTEGER NOT NULL DEFAULT 0,
    "withPhone" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopDomain", "day")
);
