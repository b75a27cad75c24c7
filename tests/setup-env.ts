import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";

// The test configuration: what a developer's .env would hold, with test secrets.
export const TEST_API_KEY = "tandem-test-api-key";
export const TEST_API_SECRET = "tandem-test-api-secret";
export const TEST_APP_URL = "https://tandem.test";
export const TEST_TOKEN_KEY = "0123456789abcdef".repeat(4);

const dir = process.env.TANDEM_TEST_DB_DIR;
if (!dir) throw new Error("tests/global-setup.ts did not run (TANDEM_TEST_DB_DIR is unset)");
const file = path.join(dir, `${randomUUID()}.sqlite`);
copyFileSync(path.join(dir, "template.sqlite"), file);

Object.assign(process.env, {
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  SCOPES: "read_orders,write_pixels,read_customer_events",
  TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
  DATABASE_URL: `file:${file}`,
  META_GRAPH_API_URL: "http://127.0.0.1:9",
  WORKER: "off",
  // In-process tests have no TCP peer: they play one proxy that writes X-Forwarded-For.
  TRUSTED_PROXIES: "1",
});
// A fresh database per test file: drop any client a previous file left behind.
globalThis.tandemPrisma = undefined;
