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

    CONSTRAINT "AdminRollup_pkey" PRIMARY KEY ("shopDomain","metric","slot","key","detail")
);

-- CreateTable
CREATE TABLE "RollupDirty" (
    "id" SERIAL NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,

    CONSTRAINT "RollupDirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollupDirty_shopDomain_slot_idx" ON "RollupDirty"("shopDomain", "slot");

-- CreateIndex
CREATE INDEX "OutboxEvent_shopDomain_createdAt_status_idx" ON "OutboxEvent"("shopDomain", "createdAt", "status");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_placedAt_id_idx" ON "ReceivedOrder"("shopDomain", "placedAt", "id");

-- CreateIndex
CREATE INDEX "ReceivedOrder_shopDomain_name_idx" ON "ReceivedOrder"("shopDomain", "name");


-- Rollup bookkeeping (docs/decisions/016; the SQLite migration of the same name has the
-- row-level version): every change to a row the admin's figures count names its
-- 15-minute slot in "RollupDirty", in the same transaction. Statement-level triggers
-- with transition tables: one insert per statement, however many rows it changed (a
-- claim or a retention batch). Plain inserts without a unique key: concurrent
-- transactions never wait on each other here.
CREATE FUNCTION "tandem_rollup_outbox_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT s."shopDomain", s."slot" FROM (
    SELECT n."shopDomain", (n."eventTime" / 900) * 900 AS "slot" FROM tandem_new n
    UNION ALL
    SELECT r."shopDomain", (FLOOR(EXTRACT(EPOCH FROM r."placedAt") / 900) * 900)::int FROM tandem_new n
      JOIN "ReceivedOrder" r ON r."shopDomain" = n."shopDomain" AND r."eventId" = n."eventId"
     WHERE n."status" = 'delivered'
  ) s;
  RETURN NULL;
END $$;

CREATE FUNCTION "tandem_rollup_outbox_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT s."shopDomain", s."slot" FROM (
    SELECT o."shopDomain" AS "oldShop", (o."eventTime" / 900) * 900 AS "oldSlot", o."eventId" AS "oldEventId", o."status" AS "oldStatus",
           n."shopDomain" AS "newShop", (n."eventTime" / 900) * 900 AS "newSlot", n."eventId" AS "newEventId", n."status" AS "newStatus"
      FROM tandem_old o JOIN tandem_new n ON n."id" = o."id"
     WHERE o."status" IS DISTINCT FROM n."status" OR o."browserSeenAt" IS DISTINCT FROM n."browserSeenAt" OR o."isTest" IS DISTINCT FROM n."isTest"
        OR o."eventTime" IS DISTINCT FROM n."eventTime" OR o."eventName" IS DISTINCT FROM n."eventName" OR o."eventId" IS DISTINCT FROM n."eventId"
        OR o."shopDomain" IS DISTINCT FROM n."shopDomain"
  ) c
  CROSS JOIN LATERAL (
    SELECT c."newShop" AS "shopDomain", c."newSlot" AS "slot"
    UNION ALL SELECT c."oldShop", c."oldSlot"
    UNION ALL
    SELECT r."shopDomain", (FLOOR(EXTRACT(EPOCH FROM r."placedAt") / 900) * 900)::int FROM "ReceivedOrder" r
     WHERE (c."oldStatus" = 'delivered' OR c."newStatus" = 'delivered') AND r."shopDomain" IN (c."oldShop", c."newShop")
       AND r."eventId" IN (c."oldEventId", c."newEventId")
  ) s;
  RETURN NULL;
END $$;

CREATE FUNCTION "tandem_rollup_outbox_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT s."shopDomain", s."slot" FROM (
    SELECT o."shopDomain", (o."eventTime" / 900) * 900 AS "slot" FROM tandem_old o
    UNION ALL
    SELECT r."shopDomain", (FLOOR(EXTRACT(EPOCH FROM r."placedAt") / 900) * 900)::int FROM tandem_old o
      JOIN "ReceivedOrder" r ON r."shopDomain" = o."shopDomain" AND r."eventId" = o."eventId"
     WHERE o."status" = 'delivered'
  ) s;
  RETURN NULL;
END $$;

CREATE TRIGGER "OutboxEvent_rollup_insert" AFTER INSERT ON "OutboxEvent"
  REFERENCING NEW TABLE AS tandem_new FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_outbox_insert"();
CREATE TRIGGER "OutboxEvent_rollup_update" AFTER UPDATE ON "OutboxEvent"
  REFERENCING OLD TABLE AS tandem_old NEW TABLE AS tandem_new FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_outbox_update"();
CREATE TRIGGER "OutboxEvent_rollup_delete" AFTER DELETE ON "OutboxEvent"
  REFERENCING OLD TABLE AS tandem_old FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_outbox_delete"();

CREATE FUNCTION "tandem_rollup_order_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT n."shopDomain", (FLOOR(EXTRACT(EPOCH FROM n."placedAt") / 900) * 900)::int FROM tandem_new n;
  RETURN NULL;
END $$;

CREATE FUNCTION "tandem_rollup_order_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT s."shopDomain", s."slot" FROM tandem_old o JOIN tandem_new n ON n."id" = o."id"
  CROSS JOIN LATERAL (
    SELECT n."shopDomain", (FLOOR(EXTRACT(EPOCH FROM n."placedAt") / 900) * 900)::int AS "slot"
    UNION ALL SELECT o."shopDomain", (FLOOR(EXTRACT(EPOCH FROM o."placedAt") / 900) * 900)::int
  ) s
  WHERE o."outcome" IS DISTINCT FROM n."outcome" OR o."reason" IS DISTINCT FROM n."reason" OR o."isTest" IS DISTINCT FROM n."isTest" OR o."kind" IS DISTINCT FROM n."kind"
     OR o."placedAt" IS DISTINCT FROM n."placedAt" OR o."eventId" IS DISTINCT FROM n."eventId" OR o."shopDomain" IS DISTINCT FROM n."shopDomain";
  RETURN NULL;
END $$;

CREATE FUNCTION "tandem_rollup_order_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT o."shopDomain", (FLOOR(EXTRACT(EPOCH FROM o."placedAt") / 900) * 900)::int FROM tandem_old o;
  RETURN NULL;
END $$;

CREATE TRIGGER "ReceivedOrder_rollup_insert" AFTER INSERT ON "ReceivedOrder"
  REFERENCING NEW TABLE AS tandem_new FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_order_insert"();
CREATE TRIGGER "ReceivedOrder_rollup_update" AFTER UPDATE ON "ReceivedOrder"
  REFERENCING OLD TABLE AS tandem_old NEW TABLE AS tandem_new FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_order_update"();
CREATE TRIGGER "ReceivedOrder_rollup_delete" AFTER DELETE ON "ReceivedOrder"
  REFERENCING OLD TABLE AS tandem_old FOR EACH STATEMENT EXECUTE FUNCTION "tandem_rollup_order_delete"();

-- Existing data: every slot that holds rows is rebuilt once, like any other changed slot.
INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT "shopDomain", ("eventTime" / 900) * 900 FROM "OutboxEvent";
INSERT INTO "RollupDirty" ("shopDomain", "slot")
  SELECT DISTINCT "shopDomain", (FLOOR(EXTRACT(EPOCH FROM "placedAt") / 900) * 900)::int FROM "ReceivedOrder";
