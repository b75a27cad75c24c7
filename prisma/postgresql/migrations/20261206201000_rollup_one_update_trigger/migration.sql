-- The outbox's rollup update trigger: a lease change names nothing (docs/decisions/066).
-- A Purchase's most advanced status ranks a leased row ('in_flight') as the pending row it
-- was (app/db/statements/rollups.server.ts, PURCHASE_RANK; the overview shows both as
-- "sending"), so a status change between 'pending' and 'in_flight' (a claim, a release, a
-- lease's end) changes no figure and is not a counted change. A claimed 'retry' still is
-- ('retry' is shown apart), and so is every other status change. Same rule otherwise:
-- every change of a counted column names its slot in the change's own statement. Still
-- without JIT (docs/decisions/049). The SQLite twin also makes its four update triggers one.
CREATE OR REPLACE FUNCTION "tandem_rollup_outbox_update"() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  INSERT INTO "RollupDirty" ("shopDomain", "slot")
  WITH c AS MATERIALIZED (
    SELECT o."shopDomain" AS "oldShop", (o."eventTime" / 900) * 900 AS "oldSlot", o."eventId" AS "oldEventId",
           n."shopDomain" AS "newShop", (n."eventTime" / 900) * 900 AS "newSlot", n."eventId" AS "newEventId",
           (o."status" = 'delivered') IS DISTINCT FROM (n."status" = 'delivered')
             OR ((o."status" = 'delivered' OR n."status" = 'delivered')
                 AND (o."eventId" IS DISTINCT FROM n."eventId" OR o."shopDomain" IS DISTINCT FROM n."shopDomain")) AS "orders"
      FROM tandem_old o JOIN tandem_new n ON n."id" = o."id"
     WHERE (o."status" IS DISTINCT FROM n."status" AND NOT (o."status" IN ('pending', 'in_flight') AND n."status" IN ('pending', 'in_flight'))) OR o."browserSeenAt" IS DISTINCT FROM n."browserSeenAt" OR o."isTest" IS DISTINCT FROM n."isTest"
        OR o."eventTime" IS DISTINCT FROM n."eventTime" OR o."eventName" IS DISTINCT FROM n."eventName" OR o."eventId" IS DISTINCT FROM n."eventId"
        OR o."shopDomain" IS DISTINCT FROM n."shopDomain"
  )
  SELECT DISTINCT s."shopDomain", s."slot" FROM (
    SELECT c."newShop" AS "shopDomain", c."newSlot" AS "slot" FROM c
    UNION ALL SELECT c."oldShop", c."oldSlot" FROM c
    UNION ALL
    SELECT r."shopDomain", (FLOOR(EXTRACT(EPOCH FROM r."placedAt") / 900) * 900)::int FROM c
      JOIN "ReceivedOrder" r ON r."shopDomain" = c."newShop" AND r."eventId" = c."newEventId" WHERE c."orders"
    UNION ALL
    SELECT r."shopDomain", (FLOOR(EXTRACT(EPOCH FROM r."placedAt") / 900) * 900)::int FROM c
      JOIN "ReceivedOrder" r ON r."shopDomain" = c."oldShop" AND r."eventId" = c."oldEventId"
     WHERE c."orders" AND (c."oldShop" IS DISTINCT FROM c."newShop" OR c."oldEventId" IS DISTINCT FROM c."newEventId")
  ) s;
  RETURN NULL;
END $$;
