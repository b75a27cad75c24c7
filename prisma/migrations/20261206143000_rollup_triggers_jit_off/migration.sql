-- Nothing to do on SQLite, which has no JIT: the PostgreSQL twin switches PostgreSQL's
-- JIT off for the rollup trigger functions (docs/decisions/049).
SELECT 1;
