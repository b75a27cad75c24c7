-- The outbox's statement-level update trigger (docs/decisions/016, 018, 049), cheaper for
-- the worker's settlements (docs/decisions/053). Same rule and same names written: every
-- change of a counted column names its slot, and a change of whether a delivered row
-- exists for an order's event id names that order's slot, in the change's own statement.
-- What changes is how the orders are found. The old body probed ReceivedOrder once per
-- changed row through a LATERAL subquery with `shopDomain IN (old, new) AND eventId IN
-- (old, new)`: on a settlement of 400 rows that was most of the trigger's cost. Now the
-- changed rows are computed once and joined to ReceivedOrder by `=` on (shopDomain,
-- eventId), for the new values and (only for rows whose shop or event id changed) the old
-- ones, as the SQLite triggers do; a pair that mixed one row's old shop with its new event
-- id named nothing an order could count.
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
     WHERE o."status" IS DISTINCT FROM n."status" OR o."browserSeenAt" IS DISTINCT FROM n."browserSeenAt" OR o."isTest" IS DISTINCT FROM n."isTest"
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
