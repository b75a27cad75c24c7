-- The rollup triggers of 20261202073910_admin_rollups (docs/decisions/016), cheaper on the
-- write path (docs/decisions/018). Same rule: every change to a row the admin's figures
-- count leaves the name of its 15-minute slot in "RollupDirty", in the change's own
-- transaction. Three differences:
--
-- 1. A name is written only when the slot is not already named. The old triggers
--    appended a row (table, index and AUTOINCREMENT counter) for every inserted,
--    claimed, settled or deleted outbox row: about half of the SQL work of a webhook's
--    transaction (scripts/bench/rollup-triggers.ts). The test is the trigger's WHEN, so the body
--    stays a plain INSERT (an INSERT ... SELECT that reads "RollupDirty" itself would go
--    through a temporary table and cost more than it saves). SQLite runs one writer at
--    a time and the rebuild (app/models/admin-rollup.server.ts) takes and deletes the
--    names in its own write transaction, so a name seen here is still there when this
--    transaction commits, and the rebuild that deletes it reads this change.
--    (PostgreSQL keeps appending: under READ COMMITTED a name seen by a change could be
--    taken by a concurrent rebuild that does not see that change.)
-- 2. An outbox row's change names its ORDER's slot only when it changes what that
--    slot counts: whether a delivered row exists for the order's event id. Before, any
--    change of a delivered row (a browser receipt arriving after delivery) did too.
-- 3. The order is looked up by `=` on (shopDomain, eventId), once for the row's new
--    values and once (a second trigger) for the old ones when they differ: the old
--    `r."eventId" IN (OLD."eventId", NEW."eventId")` probed the index for every pair
--    and cost a settled row more than two `=` look-ups (docs/benchmarks.md, issue 12).
--
-- Slots are named by the same expressions as before and as admin-rollup.server.ts.

DROP TRIGGER "OutboxEvent_rollup_insert";
DROP TRIGGER "OutboxEvent_rollup_update";
DROP TRIGGER "OutboxEvent_rollup_delete";
DROP TRIGGER "ReceivedOrder_rollup_insert";
DROP TRIGGER "ReceivedOrder_rollup_update";
DROP TRIGGER "ReceivedOrder_rollup_delete";

-- OutboxEvent: the event's own slot.
CREATE TRIGGER "OutboxEvent_rollup_insert" AFTER INSERT ON "OutboxEvent"
WHEN NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (NEW."eventTime" / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (NEW."eventTime" / 900) * 900);
END;

CREATE TRIGGER "OutboxEvent_rollup_update" AFTER UPDATE ON "OutboxEvent"
WHEN (OLD."status" IS NOT NEW."status" OR OLD."browserSeenAt" IS NOT NEW."browserSeenAt" OR OLD."isTest" IS NOT NEW."isTest"
      OR OLD."eventTime" IS NOT NEW."eventTime" OR OLD."eventName" IS NOT NEW."eventName" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
  AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (NEW."eventTime" / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (NEW."eventTime" / 900) * 900);
END;

-- A row moved to another slot (or shop): the one it left changes too.
CREATE TRIGGER "OutboxEvent_rollup_update_old" AFTER UPDATE ON "OutboxEvent"
WHEN (OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."eventTime" / 900 IS NOT NEW."eventTime" / 900)
  AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (OLD."eventTime" / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (OLD."eventTime" / 900) * 900);
END;

CREATE TRIGGER "OutboxEvent_rollup_delete" AFTER DELETE ON "OutboxEvent"
WHEN NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (OLD."eventTime" / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (OLD."eventTime" / 900) * 900);
END;

-- OutboxEvent: the slot of its order ("accepted by Meta" = a delivered row exists for the
-- order's event id), when that may have changed and the slot is not named yet.
CREATE TRIGGER "OutboxEvent_rollup_insert_order" AFTER INSERT ON "OutboxEvent"
WHEN NEW."status" = 'delivered'
  AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId"
                 AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900))
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId";
END;

CREATE TRIGGER "OutboxEvent_rollup_update_order" AFTER UPDATE ON "OutboxEvent"
WHEN ((OLD."status" = 'delivered') IS NOT (NEW."status" = 'delivered')
      OR ((OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")))
  AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId"
                 AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900))
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId";
END;

-- The order a delivered row stopped belonging to (its event id or shop changed): apart
-- from the trigger above, so that each looks the order up by `=` (see 3. above).
CREATE TRIGGER "OutboxEvent_rollup_update_order_old" AFTER UPDATE ON "OutboxEvent"
WHEN (OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND (OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
  AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId"
                 AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900))
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId";
END;

CREATE TRIGGER "OutboxEvent_rollup_delete_order" AFTER DELETE ON "OutboxEvent"
WHEN OLD."status" = 'delivered'
  AND EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId"
                 AND NOT EXISTS (SELECT 1 FROM "RollupDirty" d WHERE d."shopDomain" = r."shopDomain" AND d."slot" = (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900))
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId";
END;

-- ReceivedOrder: its own slot.
CREATE TRIGGER "ReceivedOrder_rollup_insert" AFTER INSERT ON "ReceivedOrder"
WHEN NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900);
END;

CREATE TRIGGER "ReceivedOrder_rollup_update" AFTER UPDATE ON "ReceivedOrder"
WHEN (OLD."outcome" IS NOT NEW."outcome" OR OLD."reason" IS NOT NEW."reason" OR OLD."isTest" IS NOT NEW."isTest" OR OLD."kind" IS NOT NEW."kind"
      OR OLD."placedAt" IS NOT NEW."placedAt" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain")
  AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = NEW."shopDomain" AND "slot" = (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900);
END;

CREATE TRIGGER "ReceivedOrder_rollup_update_old" AFTER UPDATE ON "ReceivedOrder"
WHEN (OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."placedAt" IS NOT NEW."placedAt")
  AND NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900);
END;

CREATE TRIGGER "ReceivedOrder_rollup_delete" AFTER DELETE ON "ReceivedOrder"
WHEN NOT EXISTS (SELECT 1 FROM "RollupDirty" WHERE "shopDomain" = OLD."shopDomain" AND "slot" = (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900)
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900);
END;
