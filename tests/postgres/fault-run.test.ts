import { describe, expect, it } from "vitest";
import { runFaultRun } from "./fault-run";

// The fault run, CI-sized: two built app instances on one PostgreSQL database, every
// signed orders/create webhook delivered three times (same X-Shopify-Webhook-Id,
// interleaved, either instance), the Meta emulator down in the middle, the second
// instance killed with SIGKILL twice and restarted. Every fault waits for a condition
// (tests/postgres/fault-run.ts), so a slow machine changes when they happen, not whether.
// Nothing may be lost; an event may reach Meta twice only when a killed worker held it
// after Meta had accepted it. The 10,000-webhook, five-kill run is `npm run bench:fault`.
// Runs in the postgresql project only (vitest.config.ts, POSTGRES_ONLY).
describe("fault run: two instances, repeated webhooks, Meta down, SIGKILL", () => {
  it("GIVEN 150 webhooks x 3 deliveries, an outage and 2 kills THEN every event is accepted, none twice except those a killed worker held", async () => {
    const result = await runFaultRun({
      databaseUrl: process.env.DATABASE_URL!,
      webhooks: 150,
      copies: 3,
      kills: 2,
      concurrency: 8,
      timeoutMs: 540_000,
    });
    const summary = {
      acknowledged: result.acknowledged,
      lost: result.lost,
      duplicatesOther: result.duplicatesOther,
      outboxRows: result.outboxRows,
      webhookReceipts: result.webhookReceipts,
      statuses: result.statuses,
      kills: result.kills.length,
      exitCodes: result.exitCodes,
    };
    expect(summary, result.output.slice(-3000)).toEqual({
      acknowledged: 450,
      lost: [],
      duplicatesOther: [],
      outboxRows: 150,
      webhookReceipts: 150,
      statuses: { delivered: 150 },
      kills: 2,
      exitCodes: [0, 0],
    });
    // The faults really happened: webhooks were refused by the dead instance and retried,
    // and Meta refused requests while it was down.
    expect(result.failedAttempts.refused + result.failedAttempts.reset).toBeGreaterThanOrEqual(3);
    expect(result.outage.refusedRequests).toBeGreaterThanOrEqual(3);
    expect(result.delivered).toBe(150);
  }, 600_000);
});
