-- CreateTable
CREATE TABLE "ConsentShopper" (
    "shopDomain" TEXT NOT NULL,
    "shopper" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,

    PRIMARY KEY ("shopDomain", "shopper", "reason", "action", "slot")
);

-- CreateTable
CREATE TABLE "ConsentCount" (
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "shoppers" INTEGER NOT NULL,

    PRIMARY KEY ("shopDomain", "slot", "reason", "action")
);

-- CreateTable
CREATE TABLE "ConsentDirty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "ConsentShopper_shopDomain_slot_idx" ON "ConsentShopper"("shopDomain", "slot");

-- CreateIndex
CREATE INDEX "ConsentDirty_shopDomain_slot_idx" ON "ConsentDirty"("shopDomain", "slot");

-- The consent page's shoppers (docs/decisions/051), kept by triggers on OutboxEvent in the
-- change's own transaction, whichever connection made it. A live row (not a test order)
-- adds one to its (shop, shopper, reason, action, slot) entry, a deleted one takes it
-- away, and an update of one of the columns that decide the entry does both. Only when an
-- entry appears or disappears as its shopper's newest for that reason does a count
-- change: then the slot it enters or leaves, and the shopper's other newest slot, are
-- named in "ConsentDirty" (once per slot: SQLite has one writer, and the rebuild takes
-- and deletes names in its own write transaction). A status change fires nothing: the
-- update trigger is on the deciding columns only (`UPDATE OF`). Separate from the rollup
-- triggers (docs/decisions/016), named for consent. Slots are the 15-minute UTC slots of
-- "createdAt", the column the page's periods filter on.

CREATE TRIGGER "OutboxEvent_consent_insert" AFTER INSERT ON "OutboxEvent"
WHEN NEW."isTest" = 0
BEGIN
  INSERT INTO "ConsentDirty" ("shopDomain", "slot")
    SELECT NEW."shopDomain", m."slot" FROM (SELECT ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900) AS "slot" UNION ALL SELECT MAX(c."slot") FROM "ConsentShopper" c WHERE c."shopDomain" = NEW."shopDomain" AND c."shopper" = COALESCE(NEW."checkoutToken", NEW."eventId") AND c."reason" = NEW."consentReason" AND c."action" = NEW."consentAction") m
     WHERE NEW."isTest" = 0 AND m."slot" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = NEW."shopDomain" AND c."shopper" = COALESCE(NEW."checkoutToken", NEW."eventId") AND c."reason" = NEW."consentReason" AND c."action" = NEW."consentAction" AND c."slot" >= ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900))
       AND NOT EXISTS (SELECT 1 FROM "ConsentDirty" d WHERE d."shopDomain" = NEW."shopDomain" AND d."slot" = m."slot");
  INSERT INTO "ConsentShopper" ("shopDomain", "shopper", "reason", "action", "slot", "events")
    SELECT NEW."shopDomain", COALESCE(NEW."checkoutToken", NEW."eventId"), NEW."consentReason", NEW."consentAction", ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900), 1 WHERE NEW."isTest" = 0
    ON CONFLICT ("shopDomain", "shopper", "reason", "action", "slot") DO UPDATE SET "events" = "events" + 1;
END;

CREATE TRIGGER "OutboxEvent_consent_delete" AFTER DELETE ON "OutboxEvent"
WHEN OLD."isTest" = 0
BEGIN
  UPDATE "ConsentShopper" SET "events" = "events" - 1 WHERE "shopDomain" = OLD."shopDomain" AND "shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND "reason" = OLD."consentReason" AND "action" = OLD."consentAction" AND "slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND OLD."isTest" = 0;
  INSERT INTO "ConsentDirty" ("shopDomain", "slot")
    SELECT OLD."shopDomain", m."slot" FROM (SELECT ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AS "slot" UNION ALL SELECT MAX(c."slot") FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" < ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900)) m
     WHERE m."slot" IS NOT NULL
       AND EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND c."events" = 0)
       AND NOT EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" > ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900))
       AND NOT EXISTS (SELECT 1 FROM "ConsentDirty" d WHERE d."shopDomain" = OLD."shopDomain" AND d."slot" = m."slot");
  DELETE FROM "ConsentShopper" WHERE "shopDomain" = OLD."shopDomain" AND "shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND "reason" = OLD."consentReason" AND "action" = OLD."consentAction" AND "slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND "events" = 0;
END;

CREATE TRIGGER "OutboxEvent_consent_update" AFTER UPDATE OF "shopDomain", "checkoutToken", "eventId", "consentReason", "consentAction", "isTest", "createdAt" ON "OutboxEvent"
WHEN OLD."shopDomain" IS NOT NEW."shopDomain" OR OLD."checkoutToken" IS NOT NEW."checkoutToken" OR OLD."eventId" IS NOT NEW."eventId" OR OLD."consentReason" IS NOT NEW."consentReason" OR OLD."consentAction" IS NOT NEW."consentAction" OR OLD."isTest" IS NOT NEW."isTest" OR OLD."createdAt" IS NOT NEW."createdAt"
BEGIN
  UPDATE "ConsentShopper" SET "events" = "events" - 1 WHERE "shopDomain" = OLD."shopDomain" AND "shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND "reason" = OLD."consentReason" AND "action" = OLD."consentAction" AND "slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND OLD."isTest" = 0;
  INSERT INTO "ConsentDirty" ("shopDomain", "slot")
    SELECT OLD."shopDomain", m."slot" FROM (SELECT ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AS "slot" UNION ALL SELECT MAX(c."slot") FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" < ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900)) m
     WHERE m."slot" IS NOT NULL
       AND EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND c."events" = 0)
       AND NOT EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = OLD."shopDomain" AND c."shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND c."reason" = OLD."consentReason" AND c."action" = OLD."consentAction" AND c."slot" > ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900))
       AND NOT EXISTS (SELECT 1 FROM "ConsentDirty" d WHERE d."shopDomain" = OLD."shopDomain" AND d."slot" = m."slot");
  DELETE FROM "ConsentShopper" WHERE "shopDomain" = OLD."shopDomain" AND "shopper" = COALESCE(OLD."checkoutToken", OLD."eventId") AND "reason" = OLD."consentReason" AND "action" = OLD."consentAction" AND "slot" = ((CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 900) * 900) AND "events" = 0;
  INSERT INTO "ConsentDirty" ("shopDomain", "slot")
    SELECT NEW."shopDomain", m."slot" FROM (SELECT ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900) AS "slot" UNION ALL SELECT MAX(c."slot") FROM "ConsentShopper" c WHERE c."shopDomain" = NEW."shopDomain" AND c."shopper" = COALESCE(NEW."checkoutToken", NEW."eventId") AND c."reason" = NEW."consentReason" AND c."action" = NEW."consentAction") m
     WHERE NEW."isTest" = 0 AND m."slot" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "ConsentShopper" c WHERE c."shopDomain" = NEW."shopDomain" AND c."shopper" = COALESCE(NEW."checkoutToken", NEW."eventId") AND c."reason" = NEW."consentReason" AND c."action" = NEW."consentAction" AND c."slot" >= ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900))
       AND NOT EXISTS (SELECT 1 FROM "ConsentDirty" d WHERE d."shopDomain" = NEW."shopDomain" AND d."slot" = m."slot");
  INSERT INTO "ConsentShopper" ("shopDomain", "shopper", "reason", "action", "slot", "events")
    SELECT NEW."shopDomain", COALESCE(NEW."checkoutToken", NEW."eventId"), NEW."consentReason", NEW."consentAction", ((CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 900) * 900), 1 WHERE NEW."isTest" = 0
    ON CONFLICT ("shopDomain", "shopper", "reason", "action", "slot") DO UPDATE SET "events" = "events" + 1;
END;

-- The rows already there.
INSERT INTO "ConsentShopper" ("shopDomain", "shopper", "reason", "action", "slot", "events")
  SELECT "shopDomain", COALESCE("checkoutToken", "eventId"), "consentReason", "consentAction", ((CAST(strftime('%s', o."createdAt") AS INTEGER) / 900) * 900), COUNT(*)
    FROM "OutboxEvent" o WHERE o."isTest" = 0
   GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "ConsentCount" ("shopDomain", "slot", "reason", "action", "shoppers")
  SELECT a."shopDomain", a."slot", a."reason", a."action", COUNT(*) FROM "ConsentShopper" a
   WHERE NOT EXISTS (SELECT 1 FROM "ConsentShopper" b WHERE b."shopDomain" = a."shopDomain" AND b."shopper" = a."shopper"
                        AND b."reason" = a."reason" AND b."action" = a."action" AND b."slot" > a."slot")
   GROUP BY a."shopDomain", a."slot", a."reason", a."action";
