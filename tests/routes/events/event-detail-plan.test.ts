import { describe, expect, it } from "vitest";
import { queryPlan } from "../../support/query-plan";
import prisma from "../../../app/db.server";
import { sqlDialect } from "../../../app/db/dialect.server";

// The event detail page (app/models/event-log.server.ts, getEventDetail) on a shop with a
// million events: each of its look-ups must read an index range bounded by the event,
// never every receipt of the shop or every request of the pixel. Asks each provider's
// planner for the plan of the same filters; on PostgreSQL sequential scans are priced out
// (an empty test table would otherwise always be scanned), so the answer says whether a
// usable index exists.

const p = (n: number) => (sqlDialect(prisma) === "sqlite" ? "?" : `$${n}`);
const at = new Date("2026-11-20T12:00:00Z");

describe("the event detail page reads index ranges", () => {
  it("GIVEN the event's webhooks (shop, event id) THEN the (shopDomain, eventId) index, not the shop's receipts", async () => {
    const text = await queryPlan(
      `SELECT "topic", "outcome", "receivedAt" FROM "WebhookReceipt" WHERE "shopDomain" = ${p(1)} AND "eventId" = ${p(2)} ORDER BY "receivedAt" ASC`,
      ["s.myshopify.com", "purchase_1"],
    );
    expect(text).toContain("WebhookReceipt_shopDomain_eventId_receivedAt_idx");
    expect(text).not.toMatch(/^SCAN|Seq Scan/m);
  });

  it("GIVEN the requests that carried it THEN the pixel's requests between the event's creation and last change, not all of them", async () => {
    const text = await queryPlan(
      `SELECT * FROM "DeliveryAttempt" WHERE "shopDomain" = ${p(1)} AND "destinationId" = ${p(2)} AND "startedAt" >= ${p(3)} AND "startedAt" <= ${p(4)}
         AND "eventIds" LIKE ${p(5)} ORDER BY "startedAt" ASC LIMIT 50`,
      ["s.myshopify.com", "d", new Date(at.getTime() - 3_600_000), new Date(at.getTime() + 3_600_000), '%"x"%'],
    );
    if (sqlDialect(prisma) === "sqlite")
      expect(text).toMatch(/DeliveryAttempt_destinationId_startedAt_idx \(destinationId=\? AND startedAt>\? AND startedAt<\?\)/);
    else expect(text).toMatch(/Index Cond: .*"startedAt" >= .*"startedAt" <= /s);
    expect(text).not.toMatch(/^SCAN|Seq Scan/m);
  });
});
