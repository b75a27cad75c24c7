-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "shopKey" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT,
    "primaryUrl" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Destination" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "pixelId" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "testEventCode" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" DATETIME,
    "pausedReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Destination_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "webhookId" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "eventName" TEXT,
    "eventId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "eventTime" INTEGER NOT NULL,
    "sourceTopic" TEXT NOT NULL,
    "orderId" TEXT,
    "checkoutToken" TEXT,
    "customerId" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "consentAction" TEXT NOT NULL,
    "consentReason" TEXT NOT NULL,
    "consentUntil" DATETIME,
    "consentFacts" TEXT NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "lastErrorCode" INTEGER,
    "fbtraceId" TEXT,
    "deliveredAt" DATETIME,
    "browserSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OutboxEvent_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "eventIds" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "outcome" TEXT NOT NULL,
    "eventsReceived" INTEGER,
    "fbtraceId" TEXT,
    "errorCode" INTEGER,
    "errorSubcode" INTEGER,
    "errorMessage" TEXT
);

-- CreateTable
CREATE TABLE "PixelReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "consent" TEXT NOT NULL,
    "fbp" TEXT,
    "fbc" TEXT,
    "clientIp" TEXT,
    "userAgent" TEXT,
    "pageUrl" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "workerId" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "beatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_shopKey_key" ON "Shop"("shopKey");

-- CreateIndex
CREATE UNIQUE INDEX "Destination_shopDomain_pixelId_key" ON "Destination"("shopDomain", "pixelId");

-- CreateIndex
CREATE INDEX "WebhookReceipt_shopDomain_receivedAt_idx" ON "WebhookReceipt"("shopDomain", "receivedAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_nextAttemptAt_idx" ON "OutboxEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_createdAt_idx" ON "OutboxEvent"("shopDomain", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_eventId_idx" ON "OutboxEvent"("shopDomain", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_destinationId_eventName_eventId_key" ON "OutboxEvent"("destinationId", "eventName", "eventId");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_shopDomain_startedAt_idx" ON "DeliveryAttempt"("shopDomain", "startedAt");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_destinationId_startedAt_idx" ON "DeliveryAttempt"("destinationId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PixelReceipt_shopDomain_eventName_eventId_key" ON "PixelReceipt"("shopDomain", "eventName", "eventId");
