import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { listReceivedOrders } from "~/models/orders.server";
import { loader as ordersExport } from "~/routes/app.orders_.export";
import { loader as eventLoader } from "~/routes/app.events.$id";
import { main } from "../../scripts/cli/main";
import { workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { callRoute } from "../support/routes";
import { adminRequest } from "../support/shopify-requests";
import { makeOrderEdit, makeRefund } from "../../scripts/lib/store-simulator";
import { numberedOrders, startAdminApiFor, startShopWithPixel, webhookSender, withoutCheckout } from "./webhook-shop";

// The order's class in words and every event of the order at Meta, through signed
// webhooks and the real worker: the order detail (event detail loader) lists the
// Purchase, Subscribe, edit, cancellation and refund events of a first subscription order
// with their status, a renewal's RecurringPayment with its class; the CSV export and
// `tandem orders list` name each order's class.

const shop = "order-class-pages.myshopify.com";
const PIXEL = "1414213562373095";
const send = webhookSender(shop);
const placed = new Date(Date.now() - 60 * 60_000);
const { id, order } = numberedOrders(7_960_000_000, { processedAt: placed });
let meta: MetaEmulator;
let stopAdminApi: () => Promise<void>;

const rowOf = (eventId: string) => prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId }, select: { id: true } });
async function detailOf(eventId: string) {
  const row = await rowOf(eventId);
  return (await callRoute(eventLoader, await adminRequest(shop, `/app/events/${row.id}`), { id: row.id })).json();
}

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL, {
    currency: "USD",
    settings: {
      events: { recurringPayment: true, subscribe: true, subscribePredictedLtv: 120, orderCancelled: true, orderRefunded: true },
    },
  });
  stopAdminApi = await startAdminApiFor(shop, "owner@classes.example");
  const worker = workerFor(meta);
  // #7001: a first subscription order (selling plan), edited, refunded, then cancelled.
  await send("orders/paid", order(7001, { sellingPlanId: 691_207_000_002 }));
  await send("orders/paid", withoutCheckout(order(7002, { sellingPlanId: 691_207_000_002 }), "subscription_contract"));
  await send("orders/paid", order(7003, { sourceName: "pos", checkoutToken: undefined }));
  await send("orders/paid", { ...order(7004), source_name: "shopify_draft_order" });
  await worker.runOnce();
  await send("orders/edited", makeOrderEdit({ id: 77001, orderId: id(7001), added: 1, at: new Date(placed.getTime() + 5 * 60_000) }));
  await send(
    "orders/updated",
    order(7001, {
      sellingPlanId: 691_207_000_002,
      addedLines: [{ price: "15.00", quantity: 1 }],
      updatedAt: new Date(placed.getTime() + 6 * 60_000),
    }),
  );
  await send("refunds/create", makeRefund({ id: 77002, orderId: id(7001), amount: "10.00" }));
  // Sent before the cancellation: an unsent edit's event would be withdrawn with the order.
  await worker.runOnce();
  await send("orders/cancelled", {
    ...order(7001, { sellingPlanId: 691_207_000_002 }),
    cancelled_at: new Date().toISOString(),
    cancel_reason: "customer",
  });
  await worker.runOnce();
}, 120_000);

afterAll(async () => {
  await stopAdminApi?.();
  await meta?.close();
});

describe("the order's class and its events on the pages", () => {
  it("GIVEN a first subscription order edited, refunded and cancelled THEN its detail lists every event of it with its status", async () => {
    const detail = await detailOf(`purchase_${id(7001)}`);
    expect(detail.order.classWords).toBe("First subscription order");
    const events = detail.order.events.map((e: { eventName: string; eventId: string; status: string }) => [
      e.eventName,
      e.eventId,
      e.status,
    ]);
    expect(events).toEqual(
      expect.arrayContaining([
        ["Purchase", `purchase_${id(7001)}`, "delivered"],
        ["Subscribe", `subscribe_${id(7001)}`, "delivered"],
        ["OrderEdited", "edit_77001", "delivered"],
        ["OrderRefunded", "refund_77002", "delivered"],
        ["OrderCancelled", `cancel_${id(7001)}`, "delivered"],
      ]),
    );
    expect(events).toHaveLength(5);
    // The Subscribe's own page lists the same events.
    expect((await detailOf(`subscribe_${id(7001)}`)).order.events).toHaveLength(5);
  });

  it("GIVEN a renewal THEN its RecurringPayment's detail names the class, lists its one event and the order's value", async () => {
    const detail = await detailOf(`renewal_${id(7002)}`);
    expect(detail.order.classWords).toBe("Subscription renewal");
    expect(detail.order.events.map((e: { eventId: string; status: string }) => [e.eventId, e.status])).toEqual([
      [`renewal_${id(7002)}`, "delivered"],
    ]);
    expect(detail.lifecycle).toMatchObject({ currency: "USD" });
  });

  it("GIVEN the orders page THEN every kind but an online-store order has its badge", async () => {
    const page = await listReceivedOrders({ shopDomain: shop }, { timezone: "UTC", locale: "en-US" });
    const badge = (name: string) => page.lines.find((line) => line.title === name)?.classLabel;
    expect(["#7001", "#7002", "#7003", "#7004"].map(badge)).toEqual([
      "First subscription order",
      "Subscription renewal: RecurringPayment",
      "Point of sale",
      "Draft order",
    ]);
  });

  it("GIVEN the CSV download THEN each order's class in words", async () => {
    const response = await callRoute(ordersExport, await adminRequest(shop, "/app/orders/export"));
    const [header, ...rows] = (await response.text()).trim().split("\r\n");
    const columns = header.split(",");
    const classOf = (name: string) => rows.find((line) => line.includes(name))!.split(",")[columns.indexOf("order_class")];
    expect(["#7001", "#7002", "#7003", "#7004"].map(classOf)).toEqual([
      "First subscription order",
      "Subscription renewal",
      "Point-of-sale order",
      "Draft order invoice",
    ]);
  });

  it("GIVEN tandem orders list THEN each order's class in words, as text and JSON", async () => {
    const text: string[] = [];
    expect(await main(["orders", "list", "--shop", shop], (line) => text.push(line))).toBe(0);
    expect(text.find((line) => line.includes("#7002"))).toMatch(/ · Subscription renewal$/);
    expect(text.find((line) => line.includes("#7003"))).toMatch(/ · Point-of-sale order$/);
    const json: string[] = [];
    await main(["orders", "list", "--shop", shop, "--json"], (line) => json.push(line));
    const rows = JSON.parse(json.join("\n")) as { name: string; orderClass: string; orderClassWords: string }[];
    expect(rows.find((row) => row.name === "#7004")).toMatchObject({ orderClass: "draft", orderClassWords: "Draft order invoice" });
    expect(rows.find((row) => row.name === "#7001")).toMatchObject({ orderClass: "subscription_first" });
  });
});
