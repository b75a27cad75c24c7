-- PostgreSQL twin of prisma/migrations/20261202120000_rollup_triggers_dedupe
-- (docs/decisions/018). The statement-level triggers keep appending one name per slot
-- and statement (DISTINCT): under READ COMMITTED a name this change saw could be taken
-- by a concurrent rebuild that does not see the change, so "only when not yet named"
-- is SQLite's alone. What changes here is the same narrowing as on SQLite: an outbox
-- row's update names its ORDER's slot only when it changes whether a delivered row
-- exists for the order's event id (before: any change of a delivered row).
CREATE OR REPLACE FUNCTION "tandem_rollup_outbox_update"() RETURNS trigger LANGUAGE plpgsql AS $$
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
     WHERE ((c."oldStatus" = 'delivered') IS DISTINCT FROM (c."newStatus" = 'delivered')
            OR ((c."oldStatus" = 'delivered' OR c."newStatus" = 'delivered')
                AND (c."oldEventId" IS DISTINCT FROM c."newEventId" OR c."oldShop" IS DISTINCT FROM c."newShop")))
       AND r."shopDomain" IN (c."oldShop", c."newShop") AND r."eventId" IN (c."oldEventId", c."newEventId")
  ) s;
  RETURN NULL;
END $$;
