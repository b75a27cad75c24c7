-- PostgreSQL twin of prisma/migrations/20261206143000_rollup_triggers_jit_off
-- (docs/decisions/049). The rollup trigger functions run without PostgreSQL's JIT: their
-- statements join transition tables the planner estimates at thousands of rows, which
-- crossed jit_above_cost, and compiling them took about 280 ms of a 318 ms trigger on
-- every claim of 2,000 rows; the statements themselves run in milliseconds. A function's
-- SET applies to the statements it runs, whoever calls it. A later CREATE OR REPLACE of
-- one of these functions must repeat `SET jit = off`.
ALTER FUNCTION "tandem_rollup_outbox_insert"() SET jit = off;
ALTER FUNCTION "tandem_rollup_outbox_update"() SET jit = off;
ALTER FUNCTION "tandem_rollup_outbox_delete"() SET jit = off;
ALTER FUNCTION "tandem_rollup_order_insert"() SET jit = off;
ALTER FUNCTION "tandem_rollup_order_update"() SET jit = off;
ALTER FUNCTION "tandem_rollup_order_delete"() SET jit = off;
