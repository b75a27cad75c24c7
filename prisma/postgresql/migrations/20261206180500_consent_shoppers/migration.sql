-- CreateTable
CREATE TABLE "ConsentShopper" (
    "shopDomain" TEXT NOT NULL,
    "shopper" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "ConsentShopper_pkey" PRIMARY KEY ("shopDomain","shopper","reason","action","slot")
);

-- CreateTable
CREATE TABLE "ConsentCount" (
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "shoppers" INTEGER NOT NULL,

    CONSTRAINT "ConsentCount_pkey" PRIMARY KEY ("shopDomain","slot","reason","action")
);

-- CreateTable
CREATE TABLE "ConsentDirty" (
    "id" SERIAL NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,

    CONSTRAINT "ConsentDirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentShopper_shopDomain_slot_idx" ON "ConsentShopper"("shopDomain", "slot");

-- CreateIndex
CREATE INDEX "ConsentDirty_shopDomain_slot_idx" ON "ConsentDirty"("shopDomain", "slot");


-- The consent page's shoppers (docs/decisions/051), kept by row triggers on OutboxEvent in
-- the change's own transaction, whichever connection made it. A live row (not a test
-- order) adds one to its (shop, shopper, reason, action, slot) entry, a deleted one takes
-- it away, and an update of one of the columns that decide the entry does both. Only when
-- an entry appears or disappears as its shopper's newest for that reason does a count
-- change: then the slot it enters or leaves, and the shopper's other newest slot, are
-- appended to "ConsentDirty" (plain appends: under READ COMMITTED a name seen by this
-- change could be taken by a concurrent rebuild that does not see the change). Row
-- triggers, not statement triggers: PostgreSQL allows no transition tables on an
-- `UPDATE OF` trigger, and `UPDATE OF` with the WHEN below is what keeps a status change
-- (every delivery) from firing anything. A transaction-scoped advisory lock per shopper
-- makes two transactions changing one shopper's entries take turns, so the second reads
-- the first's committed entries when it decides which slots to name. Without JIT, like
-- the rollup triggers (docs/decisions/049). Separate from the rollup triggers, named for
-- consent. Slots are the 15-minute UTC slots of "createdAt".

CREATE FUNCTION "tandem_consent_add"(p_shop TEXT, p_shopper TEXT, p_reason TEXT, p_action TEXT, p_slot INTEGER) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  newest INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('tandem-consent:' || p_shop || chr(10) || p_shopper));
  SELECT MAX("slot") INTO newest FROM "ConsentShopper"
   WHERE "shopDomain" = p_shop AND "shopper" = p_shopper AND "reason" = p_reason AND "action" = p_action;
  IF newest IS NULL OR newest < p_slot THEN
    INSERT INTO "ConsentDirty" ("shopDomain", "slot") VALUES (p_shop, p_slot);
    IF newest IS NOT NULL THEN
      INSERT INTO "ConsentDirty" ("shopDomain", "slot") VALUES (p_shop, newest);
    END IF;
  END IF;
  INSERT INTO "ConsentShopper" AS c ("shopDomain", "shopper", "reason", "action", "slot", "events")
  VALUES (p_shop, p_shopper, p_reason, p_action, p_slot, 1)
  ON CONFLICT ("shopDomain", "shopper", "reason", "action", "slot") DO UPDATE SET "events" = c."events" + 1;
END $$;

CREATE FUNCTION "tandem_consent_remove"(p_shop TEXT, p_shopper TEXT, p_reason TEXT, p_action TEXT, p_slot INTEGER) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  left_events INTEGER;
  older INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('tandem-consent:' || p_shop || chr(10) || p_shopper));
  UPDATE "ConsentShopper" SET "events" = "events" - 1
   WHERE "shopDomain" = p_shop AND "shopper" = p_shopper AND "reason" = p_reason AND "action" = p_action AND "slot" = p_slot
  RETURNING "events" INTO left_events;
  IF left_events IS NULL OR left_events > 0 THEN
    RETURN;
  END IF;
  DELETE FROM "ConsentShopper"
   WHERE "shopDomain" = p_shop AND "shopper" = p_shopper AND "reason" = p_reason AND "action" = p_action AND "slot" = p_slot;
  IF EXISTS (SELECT 1 FROM "ConsentShopper" WHERE "shopDomain" = p_shop AND "shopper" = p_shopper AND "reason" = p_reason
                AND "action" = p_action AND "slot" > p_slot) THEN
    RETURN;
  END IF;
  INSERT INTO "ConsentDirty" ("shopDomain", "slot") VALUES (p_shop, p_slot);
  SELECT MAX("slot") INTO older FROM "ConsentShopper"
   WHERE "shopDomain" = p_shop AND "shopper" = p_shopper AND "reason" = p_reason AND "action" = p_action;
  IF older IS NOT NULL THEN
    INSERT INTO "ConsentDirty" ("shopDomain", "slot") VALUES (p_shop, older);
  END IF;
END $$;

CREATE FUNCTION "tandem_consent_outbox"() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD."isTest" THEN
    PERFORM "tandem_consent_remove"(OLD."shopDomain", COALESCE(OLD."checkoutToken", OLD."eventId"), OLD."consentReason",
                                    OLD."consentAction", (FLOOR(EXTRACT(EPOCH FROM OLD."createdAt") / 900) * 900)::int);
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW."isTest" THEN
    PERFORM "tandem_consent_add"(NEW."shopDomain", COALESCE(NEW."checkoutToken", NEW."eventId"), NEW."consentReason",
                                 NEW."consentAction", (FLOOR(EXTRACT(EPOCH FROM NEW."createdAt") / 900) * 900)::int);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "OutboxEvent_consent_insert" AFTER INSERT ON "OutboxEvent"
FOR EACH ROW WHEN (NOT NEW."isTest") EXECUTE FUNCTION "tandem_consent_outbox"();

CREATE TRIGGER "OutboxEvent_consent_delete" AFTER DELETE ON "OutboxEvent"
FOR EACH ROW WHEN (NOT OLD."isTest") EXECUTE FUNCTION "tandem_consent_outbox"();

CREATE TRIGGER "OutboxEvent_consent_update"
AFTER UPDATE OF "shopDomain", "checkoutToken", "eventId", "consentReason", "consentAction", "isTest", "createdAt" ON "OutboxEvent"
FOR EACH ROW WHEN (OLD."shopDomain" IS DISTINCT FROM NEW."shopDomain" OR OLD."checkoutToken" IS DISTINCT FROM NEW."checkoutToken"
                   OR OLD."eventId" IS DISTINCT FROM NEW."eventId" OR OLD."consentReason" IS DISTINCT FROM NEW."consentReason"
                   OR OLD."consentAction" IS DISTINCT FROM NEW."consentAction" OR OLD."isTest" IS DISTINCT FROM NEW."isTest"
                   OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt")
EXECUTE FUNCTION "tandem_consent_outbox"();

-- The rows already there.
INSERT INTO "ConsentShopper" ("shopDomain", "shopper", "reason", "action", "slot", "events")
  SELECT "shopDomain", COALESCE("checkoutToken", "eventId"), "consentReason", "consentAction",
         (FLOOR(EXTRACT(EPOCH FROM "createdAt") / 900) * 900)::int, COUNT(*)
    FROM "OutboxEvent" WHERE NOT "isTest"
   GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "ConsentCount" ("shopDomain", "slot", "reason", "action", "shoppers")
  SELECT a."shopDomain", a."slot", a."reason", a."action", COUNT(*) FROM "ConsentShopper" a
   WHERE NOT EXISTS (SELECT 1 FROM "ConsentShopper" b WHERE b."shopDomain" = a."shopDomain" AND b."shopper" = a."shopper"
                        AND b."reason" = a."reason" AND b."action" = a."action" AND b."slot" > a."slot")
   GROUP BY a."shopDomain", a."slot", a."reason", a."action";
