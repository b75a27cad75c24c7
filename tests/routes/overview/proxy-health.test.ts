import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { evaluateConditions } from "~/models/health-conditions.server";
import { PROXY_CHECK } from "~/models/proxy-health.server";
import { action as pixelEvents } from "~/routes/pixel.events";
import { callRoute } from "../../support/routes";
import { makeReceipt, receiptRequest } from "../../pixel/receipt-support";

// Behind a proxy with TRUSTED_PROXIES too low, every receipt comes from the proxy: the
// overview's health says so, and how to fix it. Receipts posted through the real route
// (the tests run with TRUSTED_PROXIES=1: X-Forwarded-For is what the proxy saw).

async function shopWithReceipts(domain: string, addressOf: (i: number) => string, count = PROXY_CHECK.minReceipts, consent = true) {
  await prisma.shop.create({ data: { domain, shopKey: `key-${domain}` } });
  for (let i = 0; i < count; i++) {
    const receipt = makeReceipt({
      shop_key: `key-${domain}`,
      event_id: `purchase_${i + 1}`,
      consent: { marketing: consent, analytics: true, sale_of_data: true },
    });
    expect((await callRoute(pixelEvents, receiptRequest(receipt, { ip: addressOf(i) }))).status).toBe(202);
  }
}

const keysOf = async (domain: string) => (await evaluateConditions(domain, new Date())).map((c) => c.key);

describe("the overview's proxy check", () => {
  it("GIVEN most receipts from private addresses, even without marketing consent THEN TRUSTED_PROXIES is named with the fix", async () => {
    await shopWithReceipts(
      "behind-proxy.myshopify.com",
      (i) => (i % 4 === 0 ? "8.8.8.8" : `10.0.0.${(i % 3) + 1}`),
      PROXY_CHECK.minReceipts,
      false,
    );
    const conditions = await evaluateConditions("behind-proxy.myshopify.com", new Date());
    const found = conditions.find((c) => c.key === "trusted_proxies_missing");
    expect(found?.detail).toMatch(/^75% of the last 20 browser receipts came from private network addresses.*Set TRUSTED_PROXIES/);
  });

  it("GIVEN every receipt from one public address THEN named too", async () => {
    await shopWithReceipts("one-address.myshopify.com", () => "1.1.1.1");
    expect(await keysOf("one-address.myshopify.com")).toContain("trusted_proxies_missing");
  });

  it("GIVEN shoppers' own varied addresses, or too few receipts to tell THEN nothing is said", async () => {
    await shopWithReceipts("direct.myshopify.com", (i) => (i % 2 ? `2001:4860:4860::${i + 1}` : `8.8.${i}.${i + 1}`));
    await shopWithReceipts("quiet.myshopify.com", () => "10.0.0.1", PROXY_CHECK.minReceipts - 1);
    expect(await keysOf("direct.myshopify.com")).not.toContain("trusted_proxies_missing");
    expect(await keysOf("quiet.myshopify.com")).not.toContain("trusted_proxies_missing");
  });
});
