-- The SQLite twin narrows its consent insert trigger to one read of the shopper's newest
-- slot (docs/decisions/069). PostgreSQL's "tandem_consent_add" already reads it once
-- (SELECT MAX into a variable, then names the slots only when the new one is newer), so
-- its meaning and cost stay; this records the rule both now share. ConsentDirty stays a
-- plain append here (decision 051: a name this change saw could be taken by a concurrent
-- rebuild that does not see the change).
COMMENT ON FUNCTION "tandem_consent_add"(TEXT, TEXT, TEXT, TEXT, INTEGER) IS
  'Adds one event to a shopper''s consent entry; names the new slot and the shopper''s previous newest slot in ConsentDirty only when the new slot is newer than every entry (one read of the newest slot). docs/decisions/051, 069.';
