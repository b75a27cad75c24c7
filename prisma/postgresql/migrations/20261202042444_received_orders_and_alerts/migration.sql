-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "alertEmails" TEXT,
ADD COLUMN     "contactEmail" TEXT,
ADD COLUMN     "timezone" TEXT;

-- CreateTable
CREATE TABLE "ReceivedOrder" (
    "id" TEXT NOT NULL,
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
    "placedAt" TIMESTAMP(3) NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "lastTopic" TEXT NOT NULL,

    CONSTRAINT "ReceivedOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthCondition" (
    "shopDomain" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "activeSince" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "detail" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthCondition_pkey" PRIMARY KEY ("shopDomain","condition")
);

-- CreateTable
CREATE TABLE "AlertEmail" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "transition" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "AlertEmail_pkey" PRIMARY KEY ("id")
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

