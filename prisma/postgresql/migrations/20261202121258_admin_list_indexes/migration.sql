-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_createdAt_status_idx";

-- DropIndex
DROP INDEX "OutboxEvent_status_updatedAt_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_createdAt_status_isTest_eventName_idx" ON "OutboxEvent"("shopDomain", "createdAt", "status", "isTest", "eventName");

-- CreateIndex
CREATE INDEX "OutboxEvent_status_updatedAt_shopDomain_createdAt_id_idx" ON "OutboxEvent"("status", "updatedAt", "shopDomain", "createdAt", "id");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_isTest_createdAt_idx" ON "OutboxEvent"("shopDomain", "isTest", "createdAt");

