import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { mapOrderToPurchase } from "./map-order";
import type { MapContext } from "./map-result";
import { DEFAULT_SHOP_SETTINGS, shopSettingsSchema, type ShopSettingsInput } from "./settings";
import { orderPayloadSchema } from "./shopify-payloads";
import { validateServerEvent } from "./validate";

// Test helpers only (imported by *.test.ts): fixtures live in tests/fixtures/shopify.

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/shopify/", import.meta.url));

export function loadFixture(relativePath: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}${relativePath}`, "utf8"));
}

/** Independent oracle for expected hashes: node:crypto on a literal normalized string. */
export const h = (normalized: string) => createHash("sha256").update(normalized, "utf8").digest("hex");

export const TEST_NOW = new Date("2026-11-26T12:00:00Z");

export function testContext(settings: ShopSettingsInput = {}, now = TEST_NOW): MapContext {
  return {
    settings: Object.keys(settings).length ? shopSettingsSchema.parse(settings) : DEFAULT_SHOP_SETTINGS,
    shop: { domain: "tandem-demo.myshopify.com", primaryUrl: "https://www.tandem-demo.com", currency: "USD" },
    now,
  };
}

export function mapOrderFixture(fixture: string, settings: ShopSettingsInput = {}) {
  return mapOrderToPurchase(orderPayloadSchema.parse(loadFixture(`orders/${fixture}`)), testContext(settings));
}

/** Maps a fixture that must become an event, and checks the event against Meta's rules. */
export function orderEventOf(fixture: string, settings: ShopSettingsInput = {}) {
  const result = mapOrderFixture(fixture, settings);
  if (result.kind !== "event") throw new Error(`expected an event, got ${result.reason}`);
  expect(validateServerEvent(result.event, TEST_NOW)).toEqual([]);
  return result;
}

// Shared expectations for fixtures built on orders/guest-checkout.json (Jane Doe, Menlo Park).
export const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

export const JANE_USER_DATA = {
  em: [h("jane.doe@example.com")],
  ph: [h("16505551212")],
  fn: [h("jane")],
  ln: [h("doe")],
  ct: [h("menlopark")],
  st: [h("ca")],
  zp: [h("94025")],
  country: [h("us")],
  client_ip_address: "9.9.9.9",
  client_user_agent: IPHONE_UA,
};

export const JANE_CONTENTS = {
  content_type: "product",
  content_ids: ["45123456789001", "45123456789002"],
  contents: [
    { id: "45123456789001", quantity: 2, item_price: 49 },
    { id: "45123456789002", quantity: 1, item_price: 25 },
  ],
  num_items: 3,
};
