import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { databaseProvider } from "~/db/provider";
import { listOutbox, outboxReadPlan, type OutboxFilter } from "~/outbox/list-query.server";

// The admin's outbox reads pick their index on SQLite (rare statuses through the status
// index, the rest newest first); whichever plan runs, the page and the count must be what
// the rows say. Checked against the rows themselves, sorted here, for each filter, with
// the plan forced both ways through the rare-status threshold.

const shop = "list-query.myshopify.com";
const other = "list-query-other.myshopify.com";
const sqlite = databaseProvider(process.env.DATABASE_URL ?? "") === "sqlite";
type Row = { id: string; status: string; eventName: string; isTest: boolean; browserSeenAt: Date | null; createdAt: Date; eventId: string };
let rows: Row[] = [];

beforeAll(async () => {
  for (const domain of [shop, other]) {
    await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
    const destination = await prisma.destination.create({
      data: { shopDomain: domain, pixelId: domain === shop ? "101" : "202", accessTokenEnc: "v1:a:b:c" },
    });
    const base = Date.parse("2026-11-01T00:00:00Z");
    await prisma.outboxEvent.createMany({
      data: Array.from({ length: domain === shop ? 240 : 60 }, (_, i) => ({
        shopDomain: domain,
        destinationId: destination.id,
        eventName: i % 3 ? "Purchase" : "InitiateCheckout",
        eventId: `e${i}`,
        // In this shop: failed common, expired rare; in the other shop: paused common.
        status:
          domain === other
            ? i % 2
              ? "paused"
              : "delivered"
            : i % 80 === 5
              ? "expired"
              : i % 4 === 1
                ? "failed"
                : i % 4 === 2
                  ? "blocked"
                  : "delivered",
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/paid",
        consentAction: "send",
        consentReason: "mode_off",
        isTest: i % 10 === 0,
        browserSeenAt: i % 3 === 1 ? new Date(base) : null,
        // Three rows a minute: the id orders rows of the same instant.
        createdAt: new Date(base + Math.floor(i / 3) * 60_000),
      })),
    });
  }
  rows = await prisma.outboxEvent.findMany({
    where: { shopDomain: shop },
    select: { id: true, status: true, eventName: true, isTest: true, browserSeenAt: true, createdAt: true, eventId: true },
  });
});

const newestFirst = (a: Row, b: Row) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const cases: { name: string; filter: OutboxFilter; keep: (row: Row) => boolean }[] = [
  { name: "no filter", filter: { statuses: [] }, keep: () => true },
  { name: "failed (common here)", filter: { statuses: ["failed"] }, keep: (r) => r.status === "failed" },
  { name: "expired (rare)", filter: { statuses: ["expired"] }, keep: (r) => r.status === "expired" },
  { name: "paused (only in the other shop)", filter: { statuses: ["paused"] }, keep: (r) => r.status === "paused" },
  {
    name: "failed or expired",
    filter: { statuses: ["failed", "expired"] },
    keep: (r) => r.status === "failed" || r.status === "expired",
  },
  {
    name: "blocked test InitiateCheckouts",
    filter: { statuses: ["blocked"], eventNames: ["InitiateCheckout"], isTest: true },
    keep: (r) => r.status === "blocked" && r.eventName === "InitiateCheckout" && r.isTest,
  },
  { name: "test events", filter: { statuses: [], isTest: true }, keep: (r) => r.isTest },
  {
    name: "live failed events",
    filter: { statuses: ["failed"], isTest: false },
    keep: (r) => r.status === "failed" && !r.isTest,
  },
  {
    name: "browser copy missing",
    filter: { statuses: [], browserSeen: false },
    keep: (r) => r.browserSeenAt === null,
  },
  {
    name: "one event id among failed",
    filter: { statuses: ["failed"], eventIds: ["e1", "e2", "e5"] },
    keep: (r) => r.status === "failed" && ["e1", "e2", "e5"].includes(r.eventId),
  },
  { name: "no event id", filter: { statuses: [], eventIds: [] }, keep: () => false },
];

describe("listOutbox: a page and a capped count of one shop's outbox", () => {
  for (const { name, filter, keep } of cases) {
    it(`GIVEN the filter '${name}' THEN every plan gives the rows' own page, offset page and capped count`, async () => {
      const expected = rows
        .filter(keep)
        .sort(newestFirst)
        .map((row) => row.id);
      // 0: every status counts as common (newest-first walk); 10^9: every status is rare (status index).
      for (const rareStatusRows of [0, 1_000_000_000]) {
        const first = await listOutbox(shop, filter, { limit: 7, cap: 30, rareStatusRows });
        expect(first.ids).toEqual(expected.slice(0, 7));
        expect(first.counted).toBe(Math.min(expected.length, 31));
        const later = await listOutbox(shop, filter, { offset: 21, limit: 7, cap: null, rareStatusRows });
        expect(later.ids).toEqual(expected.slice(21, 28));
      }
    });
  }

  it.runIf(sqlite)(
    "GIVEN SQLite THEN a status with few rows in the whole table reads through the status index, a common one newest first",
    async () => {
      // expired: 3 rows; failed: 60; paused: 30, all in the other shop.
      expect(await outboxReadPlan({ statuses: ["expired"] }, prisma, 10)).toBe("status");
      expect(await outboxReadPlan({ statuses: ["failed"] }, prisma, 10)).toBe("time");
      expect(await outboxReadPlan({ statuses: ["paused"] }, prisma, 10)).toBe("time");
      expect(await outboxReadPlan({ statuses: ["expired", "failed"] }, prisma, 10)).toBe("time");
      expect(await outboxReadPlan({ statuses: [] }, prisma, 10)).toBe("time");
      expect(await outboxReadPlan({ statuses: ["expired"], eventIds: ["e5"] }, prisma, 10)).toBe("planner");
      expect(await outboxReadPlan({ statuses: ["failed"], isTest: true }, prisma, 10)).toBe("test");
    },
  );

  it.runIf(!sqlite)("GIVEN PostgreSQL THEN its own planner chooses (it keeps statistics)", async () => {
    expect(await outboxReadPlan({ statuses: ["expired"] }, prisma, 10)).toBe("planner");
  });
});
