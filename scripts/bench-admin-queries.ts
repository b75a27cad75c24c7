/**
 * The admin's read queries on a big shop: seeds 1,000,000 outbox events and 300,000
 * received orders for one shop (plus a second, small shop) in a fresh SQLite file, then
 * times the overview, the orders page (first page, a search, a deep page, the daily gap)
 * and the event log's first page. Prints the median and worst of 5 runs of each.
 *   npx tsx scripts/bench-admin-queries.ts [--events N] [--orders N]
 * Not a test: figures go to docs/benchmarks.md ("Admin queries").
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg("events", 1_000_000);
const ORDERS = arg("orders", 300_000);
const SHOP = "big.myshopify.com";
const DAYS = 90;

const dir = path.resolve("tmp", `bench-admin-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "bench.sqlite");
const url = `file:${file}`;
execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
Object.assign(process.env, {
  DATABASE_URL: url,
  SHOPIFY_API_KEY: "k",
  SHOPIFY_API_SECRET: "s",
  SHOPIFY_APP_URL: "https://bench.test",
  SCOPES: "read_orders",
  TOKEN_ENCRYPTION_KEY: "0".repeat(64),
  WORKER: "off",
});

async function main() {
  const { default: prisma } = await import("../app/db.server");
  // Learn how Prisma stores a DateTime here, and seed in the same form.
  await prisma.shop.create({ data: { domain: SHOP, shopKey: "big", timezone: "America/New_York" } });
  await prisma.shop.create({ data: { domain: "small.myshopify.com", shopKey: "small" } });
  const destination = await prisma.destination.create({ data: { shopDomain: SHOP, pixelId: "123", accessTokenEnc: "v1:a:b:c" } });
  const small = await prisma.destination.create({ data: { shopDomain: "small.myshopify.com", pixelId: "456", accessTokenEnc: "v1:a:b:c" } });
  const raw = new Database(file);
  const sample = raw.prepare(`SELECT "installedAt" AS v FROM "Shop" LIMIT 1`).get() as { v: unknown };
  const stamp = typeof sample.v === "number" ? (d: Date) => d.getTime() : (d: Date) => d.toISOString().replace("Z", "+00:00");
  if (typeof sample.v === "string" && !sample.v.endsWith("+00:00")) throw new Error(`unexpected DateTime format ${sample.v}`);

  const now = Date.now();
  const span = DAYS * 86_400_000;
  const payload = (i: number) => JSON.stringify({ event_name: i % 3 ? "Purchase" : "InitiateCheckout", event_id: `e${i}`, user_data: { em: ["ab".repeat(32)], ph: i % 2 ? ["cd".repeat(32)] : undefined, client_ip_address: "203.0.113.7", client_user_agent: "Mozilla/5.0", fbp: "fb.1.1.1" }, custom_data: { value: 42.5, currency: "USD" } });
  const STATUSES = ["delivered", "delivered", "delivered", "delivered", "delivered", "delivered", "blocked", "failed", "skipped", "retry"];
  console.log(`seeding ${EVENTS} events and ${ORDERS} orders...`);
  const t0 = Date.now();
  const insertEvent = raw.prepare(`INSERT INTO "OutboxEvent" ("id","shopDomain","destinationId","eventName","eventId","status","payload","eventTime","sourceTopic","orderId","isTest","consentAction","consentReason","consentFacts","attempts","nextAttemptAt","deliveredAt","browserSeenAt","createdAt","updatedAt")
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertOrder = raw.prepare(`INSERT INTO "ReceivedOrder" ("id","shopDomain","kind","sourceId","adminId","name","number","value","currency","isTest","eventName","eventId","outcome","reason","message","placedAt","firstSeenAt","lastSeenAt","lastTopic")
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = OFF");
  const seed = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = new Date(now - span + Math.floor((i / EVENTS) * span));
      const purchase = i % 3 !== 0;
      const eventId = purchase ? `purchase_${1_000_000 + Math.floor(i / 1.5)}` : `ic_tok${i}`;
      const status = STATUSES[i % STATUSES.length];
      insertEvent.run(randomUUID(), SHOP, destination.id, purchase ? "Purchase" : "InitiateCheckout", `${eventId}_${i}`, status, payload(i), Math.floor(at.getTime() / 1000), purchase ? "orders/paid" : "checkouts/create",
        purchase ? String(i) : null, i % 100 === 0 ? 1 : 0, "send", "mode_off", "{}", 1, stamp(at), status === "delivered" ? stamp(at) : null, i % 4 ? stamp(at) : null, stamp(at), stamp(at));
    }
  });
  for (let i = 0; i < EVENTS; i += 50_000) seed(i, Math.min(EVENTS, i + 50_000));
  const seedOrders = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = new Date(now - span + Math.floor((i / ORDERS) * span));
      const outcome = i % 10 === 0 ? "skipped" : i % 97 === 0 ? "not_configured" : "queued";
      insertOrder.run(randomUUID(), SHOP, "order", String(5_000_000 + i), String(5_000_000 + i), `#${1000 + i}`, 1000 + i, "42.50", "USD", i % 100 === 0 ? 1 : 0, "Purchase", `purchase_${1_000_000 + i}_${Math.floor(i * 1.5) * 1}`,
        outcome, outcome === "skipped" ? "payment_state_not_qualifying" : null, outcome === "skipped" ? "Payment state pending" : null, stamp(at), stamp(at), stamp(at), "orders/paid");
    }
  });
  for (let i = 0; i < ORDERS; i += 50_000) seedOrders(i, Math.min(ORDERS, i + 50_000));
  raw.exec(`INSERT INTO "OutboxEvent" ("id","shopDomain","destinationId","eventName","eventId","status","payload","eventTime","sourceTopic","consentAction","consentReason","nextAttemptAt","createdAt","updatedAt")
    VALUES ('${randomUUID()}','small.myshopify.com','${small.id}','Purchase','purchase_1','delivered','{}',${Math.floor(now / 1000)},'orders/paid','send','mode_off','${stamp(new Date())}','${stamp(new Date())}','${stamp(new Date())}')`);
  raw.exec("ANALYZE");
  raw.close();
  console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { getShopOverview } = await import("../app/models/overview.server");
  const { listReceivedOrders, dailyGaps, todayIn, addDays } = await import("../app/models/orders.server");
  const { queryEventLog } = await import("../app/models/event-log.server");
  const { parseEventLogFilter } = await import("../app/models/event-log-filter");
  const tz = "America/New_York";
  const clock = { timezone: tz, locale: "en-US" };
  const today = todayIn(tz);
  const first = await listReceivedOrders({ shopDomain: SHOP }, clock);
  let deep = first.nextCursor;
  for (let i = 0; i < 20 && deep; i++) deep = (await listReceivedOrders({ shopDomain: SHOP, after: deep }, clock)).nextCursor;

  const cases: [string, () => Promise<unknown>][] = [
    ["overview (status, checklist, 3 periods, coverage)", () => getShopOverview(SHOP, { timezone: tz })],
    ["orders: first page + total", () => listReceivedOrders({ shopDomain: SHOP }, clock)],
    ["orders: search ?q=#250000", () => listReceivedOrders({ shopDomain: SHOP, q: "#250000" }, clock)],
    ["orders: page 21 (keyset)", () => listReceivedOrders({ shopDomain: SHOP, after: deep }, clock)],
    ["orders: last 7 days range", () => listReceivedOrders({ shopDomain: SHOP, from: addDays(today, -6), to: today }, clock)],
    ["orders: daily gap, 7 days", () => dailyGaps(SHOP, addDays(today, -6), today, tz)],
    ["orders: daily gap, 31 days", () => dailyGaps(SHOP, addDays(today, -30), today, tz)],
    ["event log: first page", () => queryEventLog(SHOP, parseEventLogFilter(new URLSearchParams()), tz)],
    ["event log: status=failed", () => queryEventLog(SHOP, parseEventLogFilter(new URLSearchParams("status=failed")), tz)],
    ["overview, small shop", () => getShopOverview("small.myshopify.com", { timezone: tz })],
  ];
  console.log(`\n| query | median ms | worst ms |\n| --- | ---: | ---: |`);
  for (const [name, run] of cases) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[2].toFixed(1)} | ${times[4].toFixed(1)} |`);
  }
  await prisma.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
