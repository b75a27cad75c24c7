-- Figures count each event once, whatever the number of pixels it went to:
-- 1. the consent page counts a shopper (checkout token, else event id) once per reason, from
--    its index alone: the index gains the two columns;
-- 2. the "sent" and "test" rollups (deduplication, test events) now count event ids, not
--    rows; the slots they were counted in are named dirty so the next read rebuilds them.

-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_isTest_createdAt_consentReason_consentAction_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_isTest_createdAt_consentReason_consentAction_checkoutToken_eventId_idx" ON "OutboxEvent"("shopDomain", "isTest", "createdAt", "consentReason", "consentAction", "checkoutToken", "eventId");

-- Rebuild the per-row counts of deduplication and test events as per-event counts.
INSERT INTO "RollupDirty" ("shopDomain", "slot")
SELECT DISTINCT "shopDomain", "slot" FROM "AdminRollup" WHERE "metric" IN ('sent', 'test');
