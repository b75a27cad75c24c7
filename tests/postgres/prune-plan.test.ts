import { describe, expect, it } from "vitest";
import { queryPlan } from "../support/query-plan";
import prisma from "../../app/db.server";
import { sqlDialect } from "../../app/db/dialect.server";
import { SETTLED_STATUSES } from "../../app/retention/prune-old-rows.server";

// Retention pruning runs hourly on every worker; on a large database its "find the next
// batch" queries must read an index range, not scan the table (the outbox above all).
// Asks each provider's planner for the plan of the same filters prune-old-rows uses.
// On PostgreSQL sequential scans are priced out for the question (an empty test table
// would otherwise always be scanned): the answer says whether a usable index exists.

const cutoff = new Date("2026-01-01T00:00:00Z");
const statuses = [...SETTLED_STATUSES];

const placeholders = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => (sqlDialect(prisma) === "sqlite" ? "?" : `$${from + i}`)).join(", ");
const p = (n: number) => (sqlDialect(prisma) === "sqlite" ? "?" : `$${n}`);

describe("retention pruning reads an index", () => {
  it("GIVEN the prune's outbox filter (settled status, updatedAt before the cutoff) THEN the plan uses the (status, updatedAt) index", async () => {
    const sql = `SELECT "id" FROM "OutboxEvent" WHERE "status" IN (${placeholders(1, statuses.length)}) AND "updatedAt" < ${p(statuses.length + 1)} LIMIT 500`;
    const text = await queryPlan(sql, [...statuses, cutoff]);
    expect(text).toContain("OutboxEvent_status_updatedAt_shopDomain_createdAt_id_idx");
    expect(text).not.toMatch(/^SCAN|Seq Scan/m);
  });

  it.each([
    ["DeliveryAttempt", "startedAt"],
    ["PixelReceipt", "receivedAt"],
    ["WebhookReceipt", "receivedAt"],
  ])("GIVEN the prune's %s filter THEN the plan uses the %s index", async (table, column) => {
    const text = await queryPlan(`SELECT * FROM "${table}" WHERE "${column}" < ${p(1)} LIMIT 500`, [cutoff]);
    expect(text).toContain(`${table}_${column}_idx`);
    expect(text).not.toMatch(/^SCAN|Seq Scan/m);
  });
});
