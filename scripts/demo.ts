/**
 * npm run demo: the whole of Tandem on this machine, end to end. Builds the app if
 * needed, starts it on a fresh embedded SQLite database next to a local Meta Graph API
 * emulator, configures a demo shop with the CLI, plays a store's afternoon of signed
 * webhooks, lets the worker deliver, and prints what reached "Meta" and why the rest
 * did not. Leaves the user's .env and database alone.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createPrismaClient } from "../app/db.server";
import { startMetaEmulator } from "./lib/meta-emulator";
import { buildApp, buildIsStale, migratedDatabase, startApp } from "./lib/app-process";
import { configureShopWithCli } from "./lib/shop-configure";
import { postWebhook } from "./lib/shopify-webhook";

/** What extensions/tandem-pixel POSTs from the shopper's browser. */
async function postReceipt(appUrl: string, receipt: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${appUrl}/pixel/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "Mozilla/5.0 (demo shopper)", "X-Forwarded-For": "2606:4700:4700::1111" },
    body: JSON.stringify(receipt),
  });
  await response.arrayBuffer();
  return response.status;
}
import { demoScenario } from "./demo/scenario";
import { demoReport } from "./demo/report";
import { coverageTable, matchKeyCoverage } from "./bench/match-key-coverage";

const SHOP = "demo-store.myshopify.com";
const PIXEL = "1234567890123456";
const secret = randomBytes(24).toString("hex");

if (buildIsStale()) {
  console.log("demo: building the app (npm run build)...");
  buildApp();
}
const databaseUrl = migratedDatabase(path.resolve("tmp", "demo", "tandem-demo.sqlite"));
// The token is declared for the pixel, so the emulator refuses any other as Meta would.
const accessToken = `EAAdemo${randomBytes(16).toString("hex")}`;
const meta = await startMetaEmulator({ tokenAccess: { [accessToken]: [PIXEL] } });
const env = {
  SHOPIFY_API_KEY: "tandem-demo",
  SHOPIFY_API_SECRET: secret,
  SHOPIFY_APP_URL: "http://127.0.0.1",
  SCOPES: "read_orders,write_pixels,read_customer_events",
  DATABASE_URL: databaseUrl,
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  META_GRAPH_API_URL: meta.url,
  WORKER: "inline",
  // The receipts name the shopper's address in X-Forwarded-For, as one proxy in front of the
  // app writes it; without this the TCP peer (127.0.0.1, never sent) would be the address.
  TRUSTED_PROXIES: "1",
};
const app = await startApp(env);
try {
  console.log(`demo: app on ${app.url} (SQLite ${databaseUrl}), Meta emulator on ${meta.url}`);
  await configureShopWithCli({ shop: SHOP, pixelId: PIXEL, accessToken, testEventCode: "TEST42", env, echo: true });

  const db = createPrismaClient(databaseUrl);
  const { shopKey } = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
  const statuses: string[] = [];
  for (const step of demoScenario()) {
    if ("receipt" in step) {
      const status = await postReceipt(app.url, {
        v: 1,
        shop_key: shopKey,
        ...step.receipt,
        fbp: `fb.1.${Date.now()}.4242424242`,
        fbc: null,
        page_url: `https://${SHOP}/checkouts/c/demo/thank-you`,
        occurred_at: Date.now(),
      });
      statuses.push(`${"pixel receipt".padEnd(16)} ${String(status)}  ${step.note}`);
      continue;
    }
    const status = await postWebhook(app.url, {
      topic: step.topic,
      shop: SHOP,
      body: step.body,
      secret: step.forged ? "not-the-secret" : secret,
      webhookId: step.webhookId,
    });
    statuses.push(`${step.topic.padEnd(16)} ${String(status)}  ${step.note}`);
  }
  console.log(`demo: the store sent ${statuses.length} webhooks and pixel receipts:\n  ${statuses.join("\n  ")}`);

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await db.outboxEvent.count({ where: { status: { in: ["pending", "retry", "in_flight"] } } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`\nWhat reached "Meta" (pixel ${PIXEL}) and what did not:\n`);
  for (const line of await demoReport(db, meta.accepted())) console.log(line);
  console.log(`\nMatch keys of the events "Meta" accepted (share of events carrying each key):\n`);
  for (const line of coverageTable(matchKeyCoverage(meta.accepted().map((entry) => entry.event)))) console.log(`  ${line}`);
  await db.$disconnect();
} finally {
  await app.stop();
  await meta.close();
}
