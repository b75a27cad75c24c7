import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { dailyReconciliation } from "~/models/order-reconciliation.server";
import { loader as ordersExport } from "~/routes/app.orders_.export";
import { loader as ordersFigures } from "~/routes/app.orders_.figures";
import { loader as ordersLoader } from "~/routes/app.orders/route";
import { action as replayAction, loader as eventLoader } from "~/routes/app.events.$id";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { main } from "../../scripts/cli/main";
import { acceptedOnce, workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { callRoute } from "../support/routes";
import { adminRequest, signedWebhook } from "../support/shopify-requests";
import { makeOrderEdit, makeRefund } from "../../scripts/lib/store-simulator";
import { numberedOrders, startAdminApiFor, startShopWithPixel, webhookSender } from "./webhook-shop";

// An order's life after checkout through the real HTTP path: signed orders/cancelled,
// refunds/create and orders/edited webhooks, in every order and repeated, next to the
// order's own webhooks; the worker delivers to the Meta emulator. What Meta received,
// what the orders page, the CSV and the CLI say, and the day's reconciliation.

const shop = "lifecycle.myshopify.com";
const PIXEL = "3141592653589793";
const send = webhookSender(shop);

let stopAdminApi: () => Promise<void>;
let meta: MetaEmulator;

const { id, order } = numberedOrders(7_700_000_000);
const cancelled = (n: number) => ({
  ...order(n),
  cancelled_at: new Date().toISOString(),
  cancel_reason: "customer",
  financial_status: "voided",
});
const refund = (n: number, refundId: number, amount: string) => makeRefund({ id: refundId, orderId: id(n), amount });

async function page(query = "") {
  const response = await callRoute(ordersLoader, await adminRequest(shop, `/app/orders${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

const lineOf = async (name: string) => (await page()).lines.find((line: { title: string }) => line.title === name);
const totalPrice = (n: number) => order(n).total_price;

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL);
  stopAdminApi = await startAdminApiFor(shop, "owner@lifecycle.example");
  const worker = workerFor(meta);

  // #2001 sent, then cancelled: it stays sent.
  await send("orders/paid", order(2001));
  // #2004 sent, then partly refunded (the refund repeated twice, once under a new webhook id).
  await send("orders/paid", order(2004));
  await worker.runOnce();
  expect(await send("orders/cancelled", cancelled(2001))).toBe("recorded");
  await send("refunds/create", refund(2001, 88001, totalPrice(2001)));
  expect(await send("refunds/create", refund(2004, 88004, "20.00"), "refund-wh-1")).toBe("recorded");
  expect(await send("refunds/create", refund(2004, 88004, "20.00"), "refund-wh-1")).toBe("duplicate_webhook");
  expect(await send("refunds/create", refund(2004, 88004, "20.00"), "refund-wh-2")).toBe("recorded");
  // #2002: an EU buyer without consent waits; cancelled while waiting: withdrawn.
  await send("orders/paid", order(2002, { country: "DE", consent: null, currency: "USD" }));
  await send("orders/cancelled", cancelled(2002));
  // #2003: the cancellation arrives before the order's own webhook (out of order).
  await send("orders/cancelled", cancelled(2003));
  await send("orders/paid", order(2003));
  // #2005: pending (not sent), edited after checkout.
  await send("orders/create", order(2005, { financialStatus: "pending" }));
  await send("orders/edited", makeOrderEdit({ id: 66005, orderId: id(2005), added: 1, removed: 1 }));
  await worker.runOnce();
}, 120_000);

afterAll(async () => {
  await stopAdminApi?.();
  await meta?.close();
});

describe("what Meta received", () => {
  it("GIVEN two sent orders, one cancelled after sending THEN each Purchase reached Meta exactly once, and no cancelled-first order did", () => {
    expect(acceptedOnce(meta, PIXEL, [`purchase_${id(2001)}`, `purchase_${id(2004)}`])).toEqual({ missing: [], doubled: [] });
    const sent = meta.accepted().map((a) => a.event.event_id);
    expect(sent).not.toContain(`purchase_${id(2002)}`);
    expect(sent).not.toContain(`purchase_${id(2003)}`);
    // Nothing negative, nothing but the Purchases.
    for (const accepted of meta.accepted()) {
      expect(accepted.event.event_name).toBe("Purchase");
      expect((accepted.event.custom_data as { value: number }).value).toBeGreaterThan(0);
    }
  });

  it("GIVEN a Purchase waiting for consent or queued WHEN its order is cancelled THEN it is withdrawn with the reason; the sent one stays delivered", async () => {
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop },
      select: { eventId: true, status: true, lastError: true },
    });
    const byId = Object.fromEntries(rows.map((row) => [row.eventId, row]));
    expect(byId[`purchase_${id(2001)}`].status).toBe("delivered");
    for (const n of [2002, 2003])
      expect(byId[`purchase_${id(n)}`]).toMatchObject({ status: "cancelled", lastError: "Order cancelled before it was sent." });
  });

  it("GIVEN the same refund three times (a repeat and a new webhook id) THEN it is recorded once", async () => {
    const refunds = await prisma.orderAdjustment.findMany({ where: { shopDomain: shop, orderId: String(id(2004)), kind: "refund" } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: "20.00", currency: "USD" });
  });
});

describe("what the merchant sees", () => {
  it("GIVEN the orders page THEN cancellations with their time, refunds with gross, refunded and net, and edits", async () => {
    const a = await lineOf("#2001");
    expect(a.outcome).toMatchObject({ key: "delivered" });
    expect(a.lifecycle).toMatchObject({
      cancelledAt: expect.any(String),
      cancelReason: "the customer changed their mind",
      refunded: totalPrice(2001),
      net: "0.00",
    });
    const d = await lineOf("#2004");
    const net = (Math.round(Number(totalPrice(2004)) * 100) - 2000) / 100;
    expect(d.lifecycle).toMatchObject({ cancelledAt: null, refunds: 1, refunded: "20.00", net: net.toFixed(2) });
    const b = await lineOf("#2002");
    expect(b.outcome).toMatchObject({ key: "withdrawn_cancelled", label: "Withdrawn: order cancelled" });
    expect(b.lifecycle.cancelledAt).not.toBeNull();
    expect((await lineOf("#2005")).lifecycle).toMatchObject({ edits: 1, unitsAdded: 1, unitsRemoved: 1 });
  });

  it("GIVEN the day's orders THEN received = sent + in progress + not sent by reason, with gross, refunded and net", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const [day] = await dailyReconciliation(shop, today, today, "UTC");
    expect(day).toMatchObject({
      received: 5,
      sent: 2,
      inProgress: 0,
      notSent: { withdrawn_cancelled: 2, "filtered:payment_state_not_qualifying": 1 },
    });
    expect(day.received).toBe(day.sent + day.inProgress + Object.values(day.notSent).reduce((sum, n) => sum + n, 0));
    const cents = (text: string) => Math.round(Number(text) * 100);
    const gross = [2001, 2002, 2003, 2004, 2005].reduce((sum, n) => sum + cents(totalPrice(n)), 0);
    const refunded = cents(totalPrice(2001)) + 2000;
    expect(day.money).toEqual([
      {
        currency: "USD",
        gross: (gross / 100).toFixed(2),
        refunded: (refunded / 100).toFixed(2),
        net: ((gross - refunded) / 100).toFixed(2),
      },
    ]);
    // The page asks for its figures once hydrated (/app/orders/figures, the page's dates).
    const response = await callRoute(ordersFigures, await adminRequest(shop, "/app/orders/figures"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.failed).toBe(false);
    expect(body.reconciliation[body.reconciliation.length - 1]).toEqual(day);
  });

  it("GIVEN the CSV download THEN one row per order with gross, refunded, net and the cancellation", async () => {
    const response = await callRoute(ordersExport, await adminRequest(shop, "/app/orders/export"));
    expect(response.headers.get("Content-Type")).toMatch(/text\/csv/);
    const [header, ...rows] = (await response.text()).trim().split("\r\n");
    expect(header.split(",")).toEqual(expect.arrayContaining(["gross", "refunded", "net", "cancelled_at", "cancel_reason"]));
    const row = rows.find((line) => line.includes("#2004"))!.split(",");
    const column = (name: string) => row[header.split(",").indexOf(name)];
    expect([column("refunded"), column("cancelled_at")]).toEqual(["20.00", ""]);
    expect(rows.find((line) => line.includes("#2002"))).toMatch(/withdrawn_cancelled/);
  });

  it("GIVEN tandem orders list --json THEN the same facts for operators", async () => {
    const lines: string[] = [];
    expect(await main(["orders", "list", "--shop", shop, "--json"], (line) => lines.push(line))).toBe(0);
    const rows = JSON.parse(lines.join("\n"));
    expect(rows.find((row: { name: string }) => row.name === "#2001")).toMatchObject({
      gross: totalPrice(2001),
      refunded: totalPrice(2001),
      net: "0.00",
      cancelledAt: expect.any(String),
    });
    const text: string[] = [];
    await main(["orders", "list", "--shop", shop], (line) => text.push(line));
    expect(text.find((line) => line.includes("#2002"))).toMatch(/Cancelled .* Withdrawn: order cancelled/);
  });
});

describe("send again", () => {
  const refusal = "The order was cancelled in Shopify before this Purchase reached Meta";
  const purchaseRow = (n: number) =>
    prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `purchase_${id(n)}` }, select: { id: true, status: true } });

  it("GIVEN a Purchase withdrawn because its order was cancelled THEN the page offers no 'send again' and the action refuses it in words", async () => {
    const row = await purchaseRow(2002);
    const detail = await (await callRoute(eventLoader, await adminRequest(shop, `/app/events/${row.id}`), { id: row.id })).json();
    expect(detail.replay).toEqual({ kind: "refuse", why: expect.stringContaining(refusal) });
    const post = await callRoute(replayAction, await adminRequest(shop, `/app/events/${row.id}`, { method: "POST" }), { id: row.id });
    expect(post.status).toBe(409);
    expect((await post.json()).refused).toContain(refusal);
    expect((await purchaseRow(2002)).status).toBe("cancelled");
  });

  it("GIVEN a failed Purchase whose order was cancelled afterwards THEN refused in the same words, and the CLI says so too", async () => {
    const row = await purchaseRow(2003);
    await prisma.outboxEvent.update({ where: { id: row.id }, data: { status: "failed", lastError: "Meta refused it" } });
    const post = await callRoute(replayAction, await adminRequest(shop, `/app/events/${row.id}`, { method: "POST" }), { id: row.id });
    expect(post.status).toBe(409);
    expect((await post.json()).refused).toContain(refusal);
    expect((await purchaseRow(2003)).status).toBe("failed");
    await prisma.outboxEvent.update({
      where: { id: row.id },
      data: { status: "cancelled", lastError: "Order cancelled before it was sent." },
    });
    const withdrawn = await purchaseRow(2002);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await main(["events", "replay", "--shop", shop, "--id", withdrawn.id], () => undefined)).toBe(2);
      expect(errors.mock.calls.flat().join(" ")).toContain(refusal);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("bad and foreign input", () => {
  it("GIVEN a refund without an order id THEN a clear refusal is recorded, nothing else", async () => {
    expect(await send("refunds/create", { ...makeRefund({ id: 66099, orderId: 1, amount: "1.00" }), order_id: null })).toBe("rejected");
    const receipt = await prisma.webhookReceipt.findFirst({ where: { shopDomain: shop, topic: "refunds/create", outcome: "rejected" } });
    expect(receipt?.detail).toMatch(/order_id/);
  });

  it("GIVEN a wrong signature or another topic's header THEN 401 / 400, nothing recorded", async () => {
    const before = await prisma.orderAdjustment.count();
    const forged = signedWebhook({ topic: "orders/cancelled", shop, body: cancelled(2009), secret: "not-the-secret" });
    expect((await callRoute(ordersCancelled, forged)).status).toBe(401);
    const wrongTopic = signedWebhook({ topic: "orders/paid", shop, body: cancelled(2009), path: "/webhooks/orders/cancelled" });
    expect((await callRoute(ordersCancelled, wrongTopic)).status).toBe(400);
    expect(await prisma.orderAdjustment.count()).toBe(before);
  });
});
