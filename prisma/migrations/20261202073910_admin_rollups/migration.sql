-- DropIndex
DROP INDEX "OutboxEvent_shopDomain_createdAt_idx";

-- DropIndex
DROP INDEX "ReceivedOrder_shopDomain_placedAt_idx";

-- CreateTable
CREATE TABLE "AdminRollup" (
    "shopDomain" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,
    "m" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopDomain", "metric", "slot", "key", "detail")
);

-- CreateTable
CREATE TABLE "RollupDirty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "RollupDirty_shopDomain_slot_idx" ON "RollupDirty"("shopDomain", "slot");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_createdAt_status_idx" ON "OutboxEvent"("shopDomain", "createdAt", "status");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_placedAt_id_idx" ON "ReceivedOrder"("shopDomain", "placedAt", "id");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_name_idx" ON "ReceivedOrder"("shopDomain", "name");

-- Rollup bookkeeping (docs/decisions/016): every change to a row the admin's figures
-- count names its 15-minute slot in "RollupDirty", in the same transaction, whichever
-- code or connection made it (the ingest's own better-sqlite3 connection, Prisma,
-- retention, redaction). app/models/admin-rollup.server.ts rebuilds those slots.
-- A Purchase row that becomes (or stops being) delivered also names the slot of its
-- order, whose "accepted by Meta" figure it changes.
CREATE TRIGGER "OutboxEvent_rollup_insert" AFTER INSERT ON "OutboxEvent"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (NEW."eventTime" / 900) * 900);
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE NEW."status" = 'delivered' AND r."shopDomain" = NEW."shopDomain" AND r."eventId" = NEW."eventId";
END;

CREATE TRIGGER "OutboxEvent_rollup_update" AFTER UPDATE ON "OutboxEvent"
WHEN OLD."status" IS NOT NEW."status" OR OLD."browserSeenAt" IS NOT NEW."browserSeenAt" OR OLD."isTest" IS NOT NEW."isTest"
  OR OLD."eventTime" IS NOT NEW."eventTime" OR OLD."eventName" IS NOT NEW."eventName" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (NEW."eventTime" / 900) * 900);
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT OLD."shopDomain", (OLD."eventTime" / 900) * 900 WHERE OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."eventTime" / 900 IS NOT NEW."eventTime" / 900;
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE (OLD."status" = 'delivered' OR NEW."status" = 'delivered') AND r."shopDomain" IN (OLD."shopDomain", NEW."shopDomain")
       AND r."eventId" IN (OLD."eventId", NEW."eventId");
END;

CREATE TRIGGER "OutboxEvent_rollup_delete" AFTER DELETE ON "OutboxEvent"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (OLD."eventTime" / 900) * 900);
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
    SELECT r."shopDomain", (CAST(strftime('%s', r."placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder" r
     WHERE OLD."status" = 'delivered' AND r."shopDomain" = OLD."shopDomain" AND r."eventId" = OLD."eventId";
END;

CREATE TRIGGER "ReceivedOrder_rollup_insert" AFTER INSERT ON "ReceivedOrder"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900);
END;

CREATE TRIGGER "ReceivedOrder_rollup_update" AFTER UPDATE ON "ReceivedOrder"
WHEN OLD."outcome" IS NOT NEW."outcome" OR OLD."reason" IS NOT NEW."reason" OR OLD."isTest" IS NOT NEW."isTest" OR OLD."kind" IS NOT NEW."kind"
  OR OLD."placedAt" IS NOT NEW."placedAt" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."shopDomain" IS NOT NEW."shopDomain"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (NEW."shopDomain", (CAST(strftime('%s', NEW."placedAt") AS INTEGER) / 900) * 900);
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900);
END;

CREATE TRIGGER "ReceivedOrder_rollup_delete" AFTER DELETE ON "ReceivedOrder"
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot") VALUES (OLD."shopDomain", (CAST(strftime('%s', OLD."placedAt") AS INTEGER) / 900) * 900);
END;

-- Existing data: every slot that holds rows is rebuilt once (in batches, on first use or
-- by the worker's housekeeping), like any other changed slot.
INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT "shopDomain", ("eventTime" / 900) * 900 FROM "OutboxEvent";
INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT "shopDomain", (CAST(strftime('%s', "placedAt") AS INTEGER) / 900) * 900 FROM "ReceivedOrder";
