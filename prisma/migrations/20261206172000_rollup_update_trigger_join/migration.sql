-- Nothing to do on SQLite: its row triggers already look an order up by `=` on
-- (shopDomain, eventId) for the new and the old values apart (20261202120000). The
-- PostgreSQL twin makes the outbox's statement-level update trigger do the same
-- (docs/decisions/053).
SELECT 1;
