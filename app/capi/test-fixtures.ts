import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { DEFAULT_SHOP_SETTINGS, shopSettingsSchema, type ShopSettingsInput } from "./settings";
import type { MapContext } from "./map-result";

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
