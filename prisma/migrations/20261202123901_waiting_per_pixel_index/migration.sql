-- DropIndex
DROP INDEX "OutboxEvent_status_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_status_nextAttemptAt_destinationId_idx" ON "OutboxEvent"("status", "nextAttemptAt", "destinationId");
