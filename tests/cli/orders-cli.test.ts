import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { tandem } from "./run-cli";

const shop = "cli-orders.myshopify.com";

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: shop, shopKey: "cli-orders-key", timezone: "Asia/Tokyo" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "4440001", accessTokenEnc: "v1:a:b:c" } });
  const order = (id: number, number: number, processedAt: Date, extra = {}) => ({
    ...makeOrder({ id, processedAt, ...extra }),
    name: `#${number}`,
    order_number: number,
  });
  const now = new Date("2026-11-30T12:00:00Z");
  await ingestWebhook({
    shop,
    topic: "orders/create",
    webhookId: "w1",
    payload: order(7001, 1001, new Date("2026-11-28T09:00:00Z"), { sourceName: "pos" }),
    now,
  });
  await ingestWebhook({
    shop,
    topic: "orders/create",
    webhookId: "w2",
    payload: order(7002, 1002, new Date("2026-11-30T09:00:00Z"), { consent: "m1a1s1.1764493200" }),
    now,
  });
  await ingestWebhook({
    shop,
    topic: "orders/create",
    webhookId: "w3",
    payload: order(7003, 1003, new Date("2026-11-30T10:00:00Z"), { financialStatus: "pending" }),
    now,
  });
});

describe("tandem orders list", () => {
  it("GIVEN --since THEN the orders placed since then, newest first, with the outcome in words", async () => {
    const result = await tandem("orders", "list", "--shop", shop, "--since", "2026-11-29");
    expect(result.code).toBe(0);
    const lines = result.out.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2026-11-30T10:00:00.000Z {2}#1003 .* Not sent \(filtered\): Payment state "pending"/);
    expect(lines[1]).toMatch(/#1002 .*USD {2}Sending: /);
  });

  it("GIVEN --json THEN one object per order, no personal data", async () => {
    const result = await tandem("orders", "list", "--shop", shop, "--json");
    const rows = JSON.parse(result.out);
    expect(rows.map((r: { name: string; outcome: string }) => [r.name, r.outcome])).toEqual([
      ["#1003", "filtered:payment_state_not_qualifying"],
      ["#1002", "sending"],
      ["#1001", "filtered:pos_order"],
    ]);
    expect(rows[0]).toMatchObject({ kind: "order", currency: "USD", adminUrl: `https://${shop}/admin/orders/7003` });
    expect(result.out).not.toMatch(/jane|Hacker|203\.0\.113/i);
  });

  it("GIVEN --q 1002 THEN that order only; another shop sees nothing", async () => {
    expect((await tandem("orders", "list", "--shop", shop, "--q", "#1002")).out).toMatch(/^\S+ {2}#1002 /);
    expect((await tandem("orders", "list", "--shop", "someone-else.myshopify.com")).out).toBe("No orders match.");
  });

  it.each([
    [["--shop", shop, "--since", "last tuesday"], /--since must be an ISO 8601 date/],
    [["--since", "2026-11-01"], /--shop is required/],
    [["--shop", shop, "--limit", "0"], /--limit must be a whole number/],
  ])("GIVEN bad arguments %j THEN exit 2 with what is expected", async (args, message) => {
    const result = await tandem("orders", "list", ...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
