-- CreateTable
CREATE TABLE "StorefrontStatus" (
    "shopDomain" TEXT NOT NULL,
    "embedStatus" TEXT,
    "embedReportedAt" TIMESTAMP(3),
    "pixelState" TEXT,
    "pixelDataSharing" TEXT,
    "pixelError" TEXT,
    "pixelCheckedAt" TIMESTAMP(3),

    CONSTRAINT "StorefrontStatus_pkey" PRIMARY KEY ("shopDomain")
);

-- CreateTable
CREATE TABLE "PixelContactDay" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "purchases" INTEGER NOT NULL DEFAULT 0,
    "withEmail" INTEGER NOT NULL DEFAULT 0,
    "withPhone" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PixelContactDay_pkey" PRIMARY KEY ("shopDomain","day")
);
