-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_eventId_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_eventId_eventName_status_consentReason_destinationId_idx" ON "OutboxEvent"("shopDomain", "eventId", "eventName", "status", "consentReason", "destinationId");
