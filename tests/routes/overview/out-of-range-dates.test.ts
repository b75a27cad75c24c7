import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { sqlDialect } from "~/db/dialect.server";
import { refreshAllRollups } from "~/models/admin-rollup.server";
import { resolveWaits } from "~/outbox/resolve-waits.server";
import { forgetBrowserData } from "~/outbox/retention.server";
import { pruneOldRows } from "~/retention/prune-old-rows.server";
import { loader as overviewLoader } from "~/routes/app._index/route";
import { loader as consentLoader } from "~/routes/app.consent";
import { loader as eventLoader } from "~/routes/app.events.$id";
import { loader as eventsLoader } from "~/routes/app.events._index";
import { loader as exportLoader } from "~/routes/app.events.export";
import { loader as ordersLoader } from "~/routes/app.orders/route";
import { loader as settingsLoader } from "~/routes/app.settings/route";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { main as tandem } from "../../../scripts/cli/main";
import { seedDestination, useMetaEmulatorWithFreshDb, workerFor, type Seeded } from "../../delivery/fixtures";
import { callRoute } from "../../support/routes";
import { adminRequest, signedWebhook } from "../../support/shopify-requests";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// Dates outside [2000-01-01, now + 1 day] (app/capi/date-range.ts) are no dates: an order
// carrying one is stored and sent at the time it arrived, with the reason on its event,
// and no page, export, CLI command or job answers 5xx for it. One order in the year 9999
// used to take the overview down for good (its rollup slot could not be turned into a date).

const emulator = useMetaEmulatorWithFreshDb();
useAdminApiStandIn();

const DATES = [
  ["the year 9999", "9999-12-31T23:59:00Z"],
  ["after the year 9999", "+010000-01-01T00:00:00Z"],
  ["the Unix epoch", "1970-01-01T00:00:00Z"],
  ["the last day of 1999", "1999-12-31T23:59:59Z"],
  ["a year from now", new Date(Date.now() + 366 * 86_400_000).toISOString()],
  ["no date at all", "2026-13-45T99:00:00Z"],
] as const;

async function seedShop(): Promise<Seeded> {
  const seeded = await seedDestination({ settings: { consent: { mode: "off" } } });
  await storeOfflineSession(seeded.shopDomain, "shpat_x");
  return seeded;
}

async function everyPageAnswers(shop: string, eventRowId: string) {
  for (const [path, loader, params] of [
    ["/app", overviewLoader, {}],
    ["/app/events", eventsLoader, {}],
    [`/app/events/${eventRowId}`, eventLoader, { id: eventRowId }],
    ["/app/events/export", exportLoader, {}],
    ["/app/orders", ordersLoader, {}],
    ["/app/orders?from=1999-01-01&to=9999-12-31", ordersLoader, {}],
    ["/app/consent", consentLoader, {}],
    ["/app/settings", settingsLoader, {}],
  ] as const) {
    const response = await callRoute(loader as never, await adminRequest(shop, path), params);
    expect(response.status, path).toBeLessThan(500);
  }
}

describe("orders dated outside the sane range", () => {
  it("GIVEN orders dated 9999, 1970, 1999, next year or not at all WHEN received THEN each is stored at its arrival, reaches Meta with the reason noted, and every page, export, CLI command and job answers", async () => {
    const { shopDomain: shop, pixelId } = await seedShop();
    const before = Date.now();
    for (const [index, [, date]] of DATES.entries()) {
      const order = { ...makeOrder({ id: 880_000 + index }), created_at: date, processed_at: date };
      const response = await callRoute(ordersCreate, signedWebhook({ topic: "orders/create", shop, body: order }));
      expect(response.status).toBe(200);
    }
    const received = await prisma.receivedOrder.findMany({ where: { shopDomain: shop } });
    expect(received).toHaveLength(DATES.length);
    for (const row of received) expect(row.placedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const rows = await prisma.outboxEvent.findMany({ where: { shopDomain: shop } });
    expect(rows).toHaveLength(DATES.length);
    for (const row of rows) {
      expect(row.eventTime * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      // The unparseable date is absent, not unbelievable: nothing to note for it.
      if (row.eventId !== `purchase_${880_000 + DATES.length - 1}`)
        expect(JSON.parse(row.keyNotes ?? "[]")).toEqual([{ key: "event_time", from: "order", reason: "date_out_of_range" }]);
    }

    expect(await workerFor(emulator).runOnce()).toMatchObject({ delivered: DATES.length });
    expect(emulator.accepted().filter((a) => a.pixelId === pixelId)).toHaveLength(DATES.length);

    await everyPageAnswers(shop, rows[0].id);
    const lines: string[] = [];
    for (const argv of [["events", "list", "--shop", shop], ["orders", "list", "--shop", shop], ["status"]]) {
      expect(await tandem(argv, (line) => lines.push(line)), argv.join(" ")).toBe(0);
    }
    expect(await refreshAllRollups()).toMatchObject({ done: true });
    await resolveWaits({ now: new Date() });
    await forgetBrowserData(prisma, new Date());
    await pruneOldRows(prisma, { now: new Date(), pause: async () => undefined });
  });

  it("GIVEN a reconciliation row an older version stored with an impossible date THEN the overview and the rollups still answer, without that slot", async () => {
    const { shopDomain: shop } = await seedShop();
    const now = new Date();
    // PostgreSQL's rollup slots are 32-bit: an older version could store up to 2038 there; SQLite took anything up to 9999.
    const placedAt = sqlDialect(prisma) === "postgresql" ? new Date("2037-06-01T00:00:00Z") : new Date("9999-12-31T23:59:00Z");
    await prisma.receivedOrder.create({
      data: {
        shopDomain: shop,
        kind: "order",
        sourceId: "990001",
        name: "#9999",
        eventName: "Purchase",
        eventId: "purchase_990001",
        outcome: "queued",
        placedAt,
        firstSeenAt: now,
        lastSeenAt: now,
        lastTopic: "orders/create",
      },
    });
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: (await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } })).id,
        eventName: "Purchase",
        eventId: "purchase_990001",
        status: "pending",
        payload: "{}",
        eventTime: Math.floor(now.getTime() / 1000),
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "mode_off",
      },
    });
    await everyPageAnswers(shop, (await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop } })).id);
    expect(await refreshAllRollups()).toMatchObject({ done: true });
    expect(await prisma.rollupDirty.count({ where: { shopDomain: shop } })).toBe(0);
  });
});
