import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as ordersLoader } from "~/routes/app.orders/route";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { callRoute } from "../../support/routes";
import { adminRequest, signedWebhook } from "../../support/shopify-requests";
import { makeCheckout, makeOrder } from "../../../scripts/lib/store-simulator";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// Reconciliation: every order and checkout Shopify sent, found by its name, with what
// became of it in words, and never another shop's.

const shop = "recon.myshopify.com";
const other = "recon-other.myshopify.com";
const fresh = "recon-fresh.myshopify.com";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;

useAdminApiStandIn({ ianaTimezone: "Europe/Paris", contactEmail: "owner@recon.example" });

async function send(domain: string, topic: "orders/create" | "orders/paid" | "checkouts/create", body: unknown) {
  const handler = { "orders/create": ordersCreate, "orders/paid": ordersPaid, "checkouts/create": checkoutsCreate }[topic];
  const response = await callRoute(handler, signedWebhook({ topic, shop: domain, body }));
  expect(response.status).toBe(200);
}

async function orders(domain: string, query = "") {
  const response = await callRoute(ordersLoader, await adminRequest(domain, `/app/orders${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

const named = (id: number, number: number, extra: Record<string, unknown> = {}) => ({
  ...makeOrder({ id, consent: ALLOW(), ...extra }),
  name: `#${number}`,
  order_number: number,
});

beforeAll(async () => {
  for (const domain of [shop, other, fresh]) {
    await storeOfflineSession(domain, "shpat_x");
    await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
  }
  for (const domain of [shop, other])
    await prisma.destination.create({ data: { shopDomain: domain, pixelId: "5550001", accessTokenEnc: "v1:a:b:c" } });

  // #1003: created pending (skipped), then paid (queued): the paid outcome must win.
  await send(shop, "orders/create", named(9100001003, 1003, { financialStatus: "pending" }));
  await send(shop, "orders/paid", named(9100001003, 1003));
  // #1004 paid, then a late orders/create of the pending state must not hide it.
  await send(shop, "orders/paid", named(9100001004, 1004));
  await send(shop, "orders/create", named(9100001004, 1004, { financialStatus: "pending" }));
  await send(shop, "orders/create", named(9100001005, 1005, { sourceName: "pos" }));
  await send(shop, "orders/create", named(9100001006, 1006, { financialStatus: "pending" }));
  await send(shop, "checkouts/create", makeCheckout({ token: "chk7aa11", consent: ALLOW() }));
  // Refused payload that still names its order.
  await send(shop, "orders/create", { id: "", name: "#1007", order_number: 1007, currency: "EUR", total_price: "12.50" });
  await send(other, "orders/create", named(9200001003, 1003));
  await send(fresh, "orders/create", named(9300002001, 2001));
});

describe("orders received (storage)", () => {
  it("GIVEN orders skipped, queued, refused and a checkout THEN one row each with name, value and currency, and no personal data", async () => {
    const rows = await prisma.receivedOrder.findMany({ where: { shopDomain: shop }, orderBy: [{ kind: "desc" }, { name: "asc" }] });
    expect(rows.map((r) => [r.kind, r.name, r.number, r.outcome, r.reason])).toEqual([
      ["order", "#1003", 1003, "queued", null],
      ["order", "#1004", 1004, "queued", null],
      ["order", "#1005", 1005, "skipped", "pos_order"],
      ["order", "#1006", 1006, "skipped", "payment_state_not_qualifying"],
      ["order", "#1007", 1007, "rejected", null],
      ["checkout", null, null, "queued", null],
    ]);
    const order = rows[0];
    expect(order.value).toMatch(/^\d+\.\d{2}$/);
    expect(order.currency).toBe("USD");
    const stored = JSON.stringify(await prisma.receivedOrder.findMany());
    for (const secret of ["jane.doe", "Jane", "Hacker Way", "8.8.8.8", "Mozilla"]) expect(stored).not.toContain(secret);
  });
});

describe("the orders page", () => {
  it.each([["?q=%231003"], ["?q=1003"], ["?q=9100001003"]])(
    "GIVEN the search %s THEN order #1003 with its outcome in words",
    async (query) => {
      const body = await orders(shop, query);
      expect(body.lines.map((l: { title: string }) => l.title)).toEqual(["#1003"]);
      expect(body.lines[0].outcome).toMatchObject({ label: "Sending" });
      expect(body.lines[0].adminUrl).toBe(`https://${shop}/admin/orders/9100001003`);
      expect(body.lines[0].value).toMatch(/^\d+\.\d{2}$/);
    },
  );

  it("GIVEN skipped, refused and delivered orders THEN each says why, in words", async () => {
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: shop, eventId: "purchase_9100001004" },
      data: { status: "delivered", deliveredAt: new Date() },
    });
    const byTitle = Object.fromEntries((await orders(shop)).lines.map((l: { title: string; outcome: unknown }) => [l.title, l.outcome]));
    expect(byTitle["#1004"]).toMatchObject({ label: "Sent and accepted", tone: "success" });
    expect(byTitle["#1005"]).toMatchObject({ label: "Not sent (filtered)", detail: expect.stringMatching(/point-of-sale/i) });
    expect(byTitle["#1006"].detail).toMatch(/Payment state "pending"/);
    expect(byTitle["#1007"]).toMatchObject({ label: "Refused", detail: expect.stringMatching(/Payload refused/) });
  });

  it("GIVEN a consent-blocked and a failed order THEN 'held back by consent' and Meta's reason", async () => {
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: shop, eventId: "purchase_9100001003" },
      data: { status: "blocked", consentReason: "signal_denies_marketing" },
    });
    expect((await orders(shop, "?q=1003")).lines[0].outcome).toMatchObject({
      label: "Held back by consent",
      detail: expect.stringMatching(/declined marketing/),
    });
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: shop, eventId: "purchase_9100001003" },
      data: { status: "failed", lastError: "Invalid parameter: currency" },
    });
    expect((await orders(shop, "?q=1003")).lines[0].outcome).toMatchObject({
      label: "Failed",
      detail: "Meta refused it: Invalid parameter: currency.",
    });
  });

  it("GIVEN two shops with an order #1003 each THEN each sees only its own", async () => {
    const mine = await orders(shop, "?q=1003");
    const theirs = await orders(other, "?q=1003");
    expect(mine.lines[0].adminUrl).toContain("9100001003");
    expect(theirs.lines.map((l: { adminUrl: string }) => l.adminUrl)).toEqual([`https://${other}/admin/orders/9200001003`]);
    expect(JSON.stringify(await orders(other))).not.toContain("9100001");
  });

  it("GIVEN an order received before any Meta pixel was connected THEN 'received before setup'", async () => {
    const body = await orders(fresh);
    expect(body.lines[0]).toMatchObject({ title: "#2001", outcome: { label: "Received before setup" } });
  });

  it("GIVEN today's orders THEN the daily gap counts live orders received and accepted in the shop's timezone", async () => {
    const body = await orders(shop);
    expect(body.timezone).toBe("Europe/Paris");
    expect(body.period).toMatch(/\(Central European Time\)$/);
    expect(body.gaps).toHaveLength(7);
    const today = body.gaps[body.gaps.length - 1];
    expect(today).toEqual({ day: expect.any(String), received: 5, accepted: 1, gap: 4 });
  });

  it("GIVEN 120 orders THEN pages of 50 forwards and back, with the total", async () => {
    const base = Date.parse("2026-06-01T10:00:00Z");
    await prisma.receivedOrder.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        shopDomain: shop,
        kind: "order",
        sourceId: String(8000 + i),
        adminId: String(8000 + i),
        name: `#${5000 + i}`,
        number: 5000 + i,
        eventName: "Purchase",
        eventId: `purchase_${8000 + i}`,
        outcome: "skipped",
        reason: "pos_order",
        message: "POS",
        // Two orders share each minute: the id breaks ties so no row is skipped or repeated.
        placedAt: new Date(base + Math.floor(i / 2) * 60_000),
        firstSeenAt: new Date(),
        lastSeenAt: new Date(),
        lastTopic: "orders/create",
      })),
    });
    const range = "?from=2026-06-01&to=2026-06-01";
    const seen: string[] = [];
    let page = await orders(shop, range);
    expect(page.total).toBe(120);
    const pages = [page];
    while (page.nextCursor) {
      page = await orders(shop, `${range}&after=${page.nextCursor}`);
      pages.push(page);
    }
    for (const p of pages) seen.push(...p.lines.map((l: { title: string }) => l.title));
    expect(pages.map((p) => p.lines.length)).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe("#5119");
    const back = await orders(shop, `${range}&before=${pages[2].previousCursor}`);
    expect(back.lines.map((l: { title: string }) => l.title)).toEqual(pages[1].lines.map((l: { title: string }) => l.title));
    expect(back.previousCursor).not.toBeNull();
  });

  it("GIVEN nonsense filters THEN they are ignored, not a server error", async () => {
    const body = await orders(shop, "?from=2026-99-99&to=yesterday&kind=both&after=%%%");
    expect(body.total).toBeGreaterThan(0);
  });
});
