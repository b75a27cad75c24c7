-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_isTest_createdAt_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_isTest_createdAt_consentReason_consentAction_idx" ON "OutboxEvent"("shopDomain", "isTest", "createdAt", "consentReason", "consentAction");
