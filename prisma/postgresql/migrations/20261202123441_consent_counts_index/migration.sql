-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_isTest_createdAt_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_isTest_createdAt_consentReason_conse_idx" ON "OutboxEvent"("shopDomain", "isTest", "createdAt", "consentReason", "consentAction");

