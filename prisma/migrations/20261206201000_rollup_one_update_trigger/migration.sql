-- The outbox's rollup update triggers (docs/decisions/016, 018) as one trigger, and a lease
-- change names nothing (docs/decisions/066). Same rule: every change of a counted column
-- names its slot in the change's own transaction, whichever connection makes it.
--
-- 1. A Purchase's most advanced status ranks a leased row ('in_flight') as the pending row
--    it was (app/db/statements/rollups.server.ts, PURCHASE_RANK; the overview shows both as
--    "sending"), so a status change between 'pending' and 'in_flight' (a claim, a release,
--    a lease's end) changes no figure and is not a counted change. A claimed 'retry' still
--    is ('retry' is shown apart), and so is every other status change.
-- 2. SQLite runs each row trigger as a sub-program, its WHEN inside it: four update
--    triggers cost four sub-program calls for every updated row, most of them only to find
--    their WHEN false. One trigger whose WHEN is the four conditions (each with its
--    "not named yet" test, as before) costs one call, and its body runs only when a name
--    is missing. The body's statements repeat their condition, so each writes only the
--    names it wrote before (an INSERT ... SELECT that reads "RollupDirty" goes through a
--    temporary table; it runs only when a name is written, once per slot).

DROP TRIGGER "OutboxEvent_rollup_update";
DROP TRIGGER "OutboxEvent_rollup_update_old";
DROP TRIGGER "OutboxEvent_rollup_update_order";
DROP TRIGGER "OutboxEvent_rollup_update_order_old";

CREATE TRIGGER "OutboxEvent_rollup_update" AFTER UPDATE ON "OutboxEvent"
WHEN (((OLD."status" IS NOT NEW."status" AND NOT (OLD."status" IN ('pending', 'in_flight') AND NEW."status" IN ('pending', 'in_flight')))
       OR OLD."browserSeenAt" IS NOT NEW."browserSeenAt" OR OLD."isTest" IS NOT NEW."isTest" OR OLD."eventTime" IS NOT NEW."eventTime"
       OR OLD."eventName" IS NOT NEW."eventName" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
      AND (NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (NEW."eventTime" / 900) * 900)
           OR ((OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."eventTime" / 900 IS NOT NEW."eventTime" / 900)
               AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (OLD."eventTime" / 900) * 900))
           OR (((OLD."status" = 'delivered') IS NOT (NEW."status" = 'delivered')
                OR ((OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")))
               AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId"
                              AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900)))
           OR ((OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
               AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId"
                              AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900)))))
BEGIN
  -- The event's own slot.
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT NEW."shopDomain", (NEW."eventTime" / 900) * 900
     WHERE NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (NEW."eventTime" / 900) * 900);
  -- The slot (or shop) a moved row left.
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT OLD."shopDomain", (OLD."eventTime" / 900) * 900
     WHERE (OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."eventTime" / 900 IS NOT NEW."eventTime" / 900)
       AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (OLD."eventTime" / 900) * 900);
  -- The order of its event id, when whether a delivered row exists for it may have changed.
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE ((OLD."status" = 'delivered') IS NOT (NEW."status" = 'delivered')
            OR ((OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")))
       AND r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId"
       AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900);
  -- The order a delivered row stopped belonging to (its event id or shop changed).
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE (OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
       AND r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId"
       AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900);
END;
