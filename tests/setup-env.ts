import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { databaseUrl } from "../scripts/db/postgres-cluster.mjs";
import "./database-context";

// The test configuration: what a developer's .env would hold, with test secrets.
export const TEST_API_KEY = "tandem-test-api-key";
export const TEST_API_SECRET = "tandem-test-api-secret";
export const TEST_APP_URL = "https://tandem.test";
export const TEST_TOKEN_KEY = "0123456789abcdef".repeat(4);

// A fresh database per test file, copied from the run's migrated template: a SQLite
// file, or a PostgreSQL database created from the template database.
const testDatabase = inject("tandemTestDatabase");
if (!testDatabase) throw new Error("tests/global-setup*.ts did not run (no tandemTestDatabase provided)");
// The browser project's one Chromium (tests/global-setup-browser.ts), for scripts/lib/chromium.ts.
const chromiumEndpoint = inject("tandemChromiumEndpoint");
if (chromiumEndpoint) process.env.TANDEM_CHROMIUM_ENDPOINT = chromiumEndpoint;

let url: string;
if (testDatabase.provider === "sqlite") {
  const file = path.join(testDatabase.dir, `${randomUUID()}.sqlite`);
  copyFileSync(path.join(testDatabase.dir, "template.sqlite"), file);
  url = `file:${file}`;
} else {
  const name = `test_${randomUUID().replace(/-/g, "")}`;
  await onServer(testDatabase.serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${testDatabase.template}"`);
  url = databaseUrl(testDatabase.serverUrl, name);
  afterAll(async () => {
    await globalThis.tandemPrisma?.$disconnect();
    globalThis.tandemPrisma = undefined;
    // The pool under it (shared with the ingest's direct statements): Prisma does not end a pool it was given.
    const pool = globalThis.tandemPgPool;
    globalThis.tandemPgPool = undefined;
    if (pool && !pool.ended) await pool.end();
    await onServer(testDatabase.serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

Object.assign(process.env, {
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  SCOPES: "read_orders,write_pixels,read_customer_events",
  TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
  DATABASE_URL: url,
  META_GRAPH_API_URL: "http://127.0.0.1:9",
  WORKER: "off",
  // In-process tests have no TCP peer: they play one proxy that writes X-Forwarded-For.
  TRUSTED_PROXIES: "1",
});
// A fresh database per test file: drop any client a previous file left behind.
globalThis.tandemPrisma = undefined;
