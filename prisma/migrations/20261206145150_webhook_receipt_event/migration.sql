-- CreateIndex
CREATE INDEX "WebhookReceipt_shopDomain_eventId_receivedAt_idx" ON "WebhookReceipt"("shopDomain", "eventId", "receivedAt");
