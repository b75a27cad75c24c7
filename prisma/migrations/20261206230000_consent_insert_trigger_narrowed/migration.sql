-- The consent insert trigger, narrowed (docs/decisions/069); same meaning as in
-- 20261206180500_consent_shoppers (docs/decisions/051). Every webhook's outbox row runs it,
-- so its cost is on the ingest's hot path. The first version named the slots with a
-- NOT EXISTS probe for an entry at or after the new slot and a MAX() probe of the
-- shopper's newest slot, and SQLite pushed that NOT EXISTS into both arms of the UNION
-- ALL as well as the outer query: three probes, the slot math each time. Now ONE read of
-- the shopper's entries (the primary key's prefix, usually none or one entry) gives the
-- newest slot; the new slot is named, with that newest slot, only when there is no entry
-- at or after the new slot (newest is NULL or older), and ConsentDirty is probed only then.
-- "At or after the new slot" exists exactly when the newest slot is >= the new slot, so
-- the slots named are the same. The upsert is unchanged.

DROP TRIGGER "OutboxEvent_consent_insert";

CREATE TRIGGER "OutboxEvent_consent_insert" AFTER INSERT ON "OutboxEvent"
WHEN NEW."isTest" = 0
BEGIN
  INSERT INTO "ConsentDirty" ("shopDomain", "slot")
    SELECT NEW."shopDomain", CASE x."i" WHEN 0 THEN m."slot" ELSE m."newest" END
      FROM (SELECT ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900) AS "slot", MAX(c."slot") AS "newest" FROM "ConsentShopper" c WHERE c."shopDomain" = NEW."shopDomain" AND c."shopper" = COALESCE(NEW."checkoutToken", NEW."eventId") AND c."reason" = NEW."consentReason" AND c."action" = NEW."consentAction") m
      JOIN (SELECT 0 AS "i" UNION ALL SELECT 1) x ON x."i" = 0 OR m."newest" IS NOT NULL
     WHERE m."slot" IS NOT NULL AND (m."newest" IS NULL OR m."newest" < m."slot")
       AND NOT EXISTS (SELECT 1 FROM "ConsentDirty" d WHERE d."shopDomain" = NEW."shopDomain" AND d."slot" = CASE x."i" WHEN 0 THEN m."slot" ELSE m."newest" END);
  INSERT INTO "ConsentShopper" ("shopDomain", "shopper", "reason", "action", "slot", "events")
    VALUES (NEW."shopDomain", COALESCE(NEW."checkoutToken", NEW."eventId"), NEW."consentReason", NEW."consentAction", ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900), 1)
    ON CONFLICT ("shopDomain", "shopper", "reason", "action", "slot") DO UPDATE SET "events" = "events" + 1;
END;
