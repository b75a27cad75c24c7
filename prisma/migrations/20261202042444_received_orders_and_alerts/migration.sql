-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "alertEmails" TEXT;
ALTER TABLE "Shop" ADD COLUMN "contactEmail" TEXT;
ALTER TABLE "Shop" ADD COLUMN "timezone" TEXT;

-- CreateTable
CREATE TABLE "ReceivedOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "adminId" TEXT,
    "name" TEXT,
    "number" INTEGER,
    "value" TEXT,
    "currency" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "eventName" TEXT NOT NULL,
    "eventId" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "message" TEXT,
    "placedAt" DATETIME NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "lastTopic" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "HealthCondition" (
    "shopDomain" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "activeSince" DATETIME,
    "endedAt" DATETIME,
    "detail" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopDomain", "condition")
);

-- CreateTable
CREATE TABLE "AlertEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "transition" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_placedAt_idx" ON "ReceivedOrder"("shopDomain", "placedAt");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_number_idx" ON "ReceivedOrder"("shopDomain", "number");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_eventId_idx" ON "ReceivedOrder"("shopDomain", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "ReceivedOrder_shopDomain_kind_sourceId_key" ON "ReceivedOrder"("shopDomain", "kind", "sourceId");

-- CreateIndex
CREATE INDEX "AlertEmail_shopDomain_createdAt_idx" ON "AlertEmail"("shopDomain", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEmail_shopDomain_condition_day_transition_key" ON "AlertEmail"("shopDomain", "condition", "day", "transition");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_eventName_eventTime_idx" ON "OutboxEvent"("shopDomain", "eventName", "eventTime");
