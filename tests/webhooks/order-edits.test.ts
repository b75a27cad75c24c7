import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { acceptedOnce, workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { makeOrderEdit } from "../../scripts/lib/store-simulator";
import { numberedOrders, startShopWithPixel, webhookSender } from "./webhook-shop";

// Value added after checkout (docs/decisions/037), through signed webhooks on the real
// HTTP path: orders/edited names the edit, orders/updated brings the order's new totals,
// in either order and repeated. What reached the Meta emulator, and the reconciliation.

const shop = "order-edits.myshopify.com";
const PIXEL = "1618033988749894";
const send = webhookSender(shop);
const placed = new Date(Date.now() - 60 * 60_000);
const minutesAfter = (minutes: number) => new Date(placed.getTime() + minutes * 60_000);
// makeOrder's two lines: 19.99 x 1 + 20.99 x 2 = 61.97, the Purchase's value (subtotal).
const { id, order } = numberedOrders(7_900_000_000, { processedAt: placed });
const upsell = (n: number, minutes: number, price = "15.00") =>
  order(n, { addedLines: [{ price, quantity: 1 }], updatedAt: minutesAfter(minutes) });
const edit = (n: number, editId: number, minutes: number, change: { added?: number; removed?: number } = { added: 1 }) =>
  makeOrderEdit({ id: editId, orderId: id(n), at: minutesAfter(minutes), ...change });

let meta: MetaEmulator;

const sentTo = (eventId: string) => meta.accepted().filter((a) => a.pixelId === PIXEL && a.event.event_id === eventId);

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL);
  const worker = workerFor(meta);
  for (const n of [3001, 3002, 3003, 3004, 3005]) await send("orders/paid", order(n));
  await worker.runOnce();

  // #3001: the edit, then its totals; both repeated (same webhook id, then a new one).
  expect(await send("orders/edited", edit(3001, 55001, 5), "e-1")).toBe("recorded");
  expect(await send("orders/updated", upsell(3001, 6), "u-1")).toBe("recorded");
  expect(await send("orders/edited", edit(3001, 55001, 5), "e-1")).toBe("duplicate_webhook");
  expect(await send("orders/edited", edit(3001, 55001, 5), "e-2")).toBe("recorded");
  expect(await send("orders/updated", upsell(3001, 6), "u-2")).toBe("recorded");
  // #3002: the totals arrive before the edit that made them.
  await send("orders/updated", upsell(3002, 6));
  await send("orders/edited", edit(3002, 55002, 5));
  // #3003: an item removed; then a stale update (before the edit) delivered late.
  await send("orders/edited", edit(3003, 55003, 5, { removed: 1 }));
  await send("orders/updated", order(3003, { removedLines: 1, updatedAt: minutesAfter(6) }));
  await send("orders/updated", order(3003, { updatedAt: minutesAfter(1) }));
  // #3004: two upsells: 15.00, then 10.00 more.
  await send("orders/edited", edit(3004, 55041, 5));
  await send("orders/updated", upsell(3004, 6));
  await send("orders/edited", edit(3004, 55042, 7));
  await send(
    "orders/updated",
    order(3004, {
      addedLines: [
        { price: "15.00", quantity: 1 },
        { price: "10.00", quantity: 1 },
      ],
      updatedAt: minutesAfter(8),
    }),
  );
  // #3005: the merchant chose a Purchase of the edit's own.
  const stored = await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { settings: true } });
  const settings = JSON.parse(stored.settings || "{}");
  await prisma.shop.update({
    where: { domain: shop },
    data: { settings: JSON.stringify({ ...settings, events: { ...settings.events, orderEdited: "purchase" } }) },
  });
  await send("orders/edited", edit(3005, 55005, 5));
  await send("orders/updated", upsell(3005, 6));
  await worker.runOnce();
}, 120_000);

afterAll(async () => {
  await meta?.close();
});

describe("value added after checkout reaches Meta once", () => {
  it("GIVEN an upsell edit and its totals, repeated THEN one OrderEdited with the added 15.00, the order's id, and the Purchase once", () => {
    expect(acceptedOnce(meta, PIXEL, [`purchase_${id(3001)}`, "edit_55001"])).toEqual({ missing: [], doubled: [] });
    const [accepted] = sentTo("edit_55001");
    expect(accepted.event).toMatchObject({
      event_name: "OrderEdited",
      action_source: "system_generated",
      custom_data: { value: 15, currency: "USD", order_id: String(id(3001)) },
    });
    expect(accepted.event.user_data).not.toHaveProperty("client_ip_address");
  });

  it("GIVEN the totals before the edit's own webhook THEN the same single event", () => {
    expect(acceptedOnce(meta, PIXEL, ["edit_55002"])).toEqual({ missing: [], doubled: [] });
    expect(sentTo("edit_55002")[0].event.custom_data).toMatchObject({ value: 15 });
  });

  it("GIVEN a removal THEN nothing reaches Meta for it, and a later stale update changes nothing", async () => {
    expect(sentTo("edit_55003")).toEqual([]);
    const fact = await prisma.orderAdjustment.findFirstOrThrow({ where: { shopDomain: shop, sourceId: "55003" } });
    expect(fact.amount).toBe("0.00");
  });

  it("GIVEN two upsells THEN each adds only its own value", () => {
    expect(acceptedOnce(meta, PIXEL, ["edit_55041", "edit_55042"])).toEqual({ missing: [], doubled: [] });
    expect(sentTo("edit_55041")[0].event.custom_data).toMatchObject({ value: 15 });
    expect(sentTo("edit_55042")[0].event.custom_data).toMatchObject({ value: 10 });
  });

  it("GIVEN the purchase mode THEN a Purchase with the edit's id; the order's Purchase is still sent once, and nothing is negative", () => {
    expect(acceptedOnce(meta, PIXEL, [`purchase_${id(3005)}`, "edit_55005"])).toEqual({ missing: [], doubled: [] });
    expect(sentTo("edit_55005")[0].event).toMatchObject({ event_name: "Purchase", custom_data: { value: 15, order_id: String(id(3005)) } });
    for (const accepted of meta.accepted()) expect((accepted.event.custom_data as { value: number }).value).toBeGreaterThan(0);
  });
});

describe("the reconciliation follows the order's totals", () => {
  it("GIVEN an item removed and a late stale update THEN the order's gross is Shopify's newest total", async () => {
    const row = await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, sourceId: String(id(3003)) } });
    expect(row.value).toBe(order(3003, { removedLines: 1 }).total_price);
    expect(Number(row.value)).toBeLessThan(Number(order(3003).total_price));
    const upsold = await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, sourceId: String(id(3001)) } });
    expect(upsold.value).toBe(upsell(3001, 6).total_price);
  });
});
