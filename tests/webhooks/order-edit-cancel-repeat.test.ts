import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { acceptedOnce, workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { makeOrderEdit } from "../../scripts/lib/store-simulator";
import { numberedOrders, startShopWithPixel, webhookSender } from "./webhook-shop";

// Two edges of a post-purchase edit (docs/decisions/035, 037), through signed webhooks on
// the real HTTP path: the edit's event of an order cancelled before it was sent is
// withdrawn like the order's Purchase (when the cancellation arrives, and by the worker when
// the cancellation came first); a repeated orders/paid or orders/create after an edit does
// not move the order's gross back to the checkout's total.

const shop = "edit-cancel-repeat.myshopify.com";
const PIXEL = "2718281828459045";
const send = webhookSender(shop);
const WITHDRAWN = "Order cancelled before it was sent.";
const placed = new Date(Date.now() - 60 * 60_000);
const minutesAfter = (minutes: number) => new Date(placed.getTime() + minutes * 60_000);
const { id, order } = numberedOrders(8_100_000_000, { processedAt: placed });
const upsell = (n: number, minutes: number) =>
  order(n, { addedLines: [{ price: "15.00", quantity: 1 }], updatedAt: minutesAfter(minutes) });
const edit = (n: number, editId: number) => makeOrderEdit({ id: editId, orderId: id(n), at: minutesAfter(5), added: 1 });
const cancelled = (n: number) => ({ ...order(n), cancelled_at: minutesAfter(20).toISOString(), cancel_reason: "customer" });

let meta: MetaEmulator;
const afterCancel: Record<string, { status: string; lastError: string | null }> = {};
const gross: Record<string, string | null> = {};

const editRow = (editId: number) => prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `edit_${editId}` } });
const grossOf = async (n: number) =>
  (await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, kind: "order", sourceId: String(id(n)) } })).value;

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL);
  const worker = workerFor(meta);
  for (const n of [4001, 4002, 4003]) await send("orders/paid", order(n));
  await worker.runOnce();

  // #4001: upsold, its OrderEdited queued; cancelled before the worker sends it.
  await send("orders/edited", edit(4001, 77001));
  await send("orders/updated", upsell(4001, 6));
  expect((await editRow(77001)).status).toBe("pending");
  expect(await send("orders/cancelled", cancelled(4001))).toBe("recorded");
  afterCancel.withdrawnAtOnce = await editRow(77001);

  // #4002: cancelled first (its Purchase had reached Meta), then the edit and its totals
  // arrive late: the worker's last check withdraws the edit's event.
  await send("orders/cancelled", cancelled(4002));
  await send("orders/edited", edit(4002, 77002));
  await send("orders/updated", upsell(4002, 6));
  afterCancel.queuedAfterCancel = await editRow(77002);

  // #4003: upsold, then Shopify repeats orders/paid (same and new webhook id), orders/create
  // arrives late, and an orders/paid carrying an updated_at older than the edit's totals.
  await send("orders/edited", edit(4003, 77003));
  await send("orders/updated", upsell(4003, 6));
  gross.afterUpdate = await grossOf(4003);
  await send("orders/paid", order(4003), "paid-again-1");
  await send("orders/paid", order(4003), "paid-again-2");
  await send("orders/create", order(4003));
  await send("orders/paid", order(4003, { updatedAt: minutesAfter(1) }));
  gross.afterRepeats = await grossOf(4003);
  await worker.runOnce();
}, 120_000);

afterAll(async () => {
  await meta?.close();
});

describe("an edit's event of a cancelled order is withdrawn like its Purchase", () => {
  it("GIVEN a queued OrderEdited WHEN its order is cancelled THEN it is withdrawn at once with the reason, and never reaches Meta", async () => {
    expect(afterCancel.withdrawnAtOnce).toMatchObject({ status: "cancelled", lastError: WITHDRAWN });
    expect(meta.accepted().map((a) => a.event.event_id)).not.toContain("edit_77001");
    expect(acceptedOnce(meta, PIXEL, [`purchase_${id(4001)}`])).toEqual({ missing: [], doubled: [] });
  });

  it("GIVEN the cancellation before the edit THEN the worker withdraws the edit's event before sending it", async () => {
    expect(afterCancel.queuedAfterCancel.status).toBe("pending");
    expect(await editRow(77002)).toMatchObject({ status: "cancelled", lastError: WITHDRAWN });
    expect(meta.accepted().map((a) => a.event.event_id)).not.toContain("edit_77002");
  });

  it("GIVEN an upsold order not cancelled THEN its edit is still sent once (the guard is the cancellation alone)", () => {
    expect(acceptedOnce(meta, PIXEL, ["edit_77003"])).toEqual({ missing: [], doubled: [] });
  });
});

describe("a repeated order webhook does not move the reconciliation back", () => {
  it("GIVEN an edit's totals WHEN orders/paid and orders/create are repeated or late THEN the gross stays Shopify's newest total", async () => {
    expect(gross.afterUpdate).toBe(upsell(4003, 6).total_price);
    expect(Number(gross.afterUpdate)).toBeGreaterThan(Number(order(4003).total_price));
    expect(gross.afterRepeats).toBe(gross.afterUpdate);
    expect(await grossOf(4003)).toBe(gross.afterUpdate);
  });

  it("GIVEN an order webhook newer than the last totals THEN its total is taken", async () => {
    const newer = order(4003, { addedLines: [{ price: "15.00", quantity: 2 }], updatedAt: minutesAfter(30) });
    await send("orders/paid", newer);
    expect(await grossOf(4003)).toBe(newer.total_price);
  });
});
