-- The deduplication rollup ("sent") now counts, besides the delivered events, those never
-- sent because their browser never reported, and counts a browser copy only for delivered
-- ones: the slots holding either are named dirty so the next read rebuilds them.
INSERT INTO "RollupDirty" ("shopDomain", "slot")
SELECT DISTINCT "shopDomain", "slot" FROM "AdminRollup" WHERE "metric" = 'sent';

INSERT INTO "RollupDirty" ("shopDomain", "slot")
SELECT DISTINCT "shopDomain", ("eventTime" / 900) * 900 FROM "OutboxEvent"
 WHERE "status" = 'skipped' AND "consentReason" = 'no_browser_receipt' AND "isTest" = false;
