/**
 * The admin's read queries on a big shop: seeds 1,000,000 outbox events and 300,000
 * received orders for one shop (plus a second, small shop), then times the overview, the
 * orders page (first page, searches, a deep page, the daily gap), the event log and
 * /healthz. Prints the machine's load, how long building the rollups from scratch took
 * (what the migration leaves to do on an existing database), and the median and worst of
 * 5 runs of each query.
 *   npx tsx scripts/bench-admin-queries.ts [--events N] [--orders N] [--database sqlite|postgresql] [--keep DIR]
 * --keep DIR (SQLite): seed DIR/bench.sqlite once and reuse it on later runs; with
 * --database postgresql and TANDEM_POSTGRES_URL, the database bench_admin_keep likewise.
 * --only TEXT: time only the queries whose name contains TEXT (for before/after pairs).
 * --database postgresql: a throwaway cluster from Debian's postgresql binaries
 * (scripts/db/postgres-cluster.mjs), or TANDEM_POSTGRES_URL.
 * Not a test: figures go to docs/benchmarks.md ("Admin queries").
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, startPostgresCluster } from "./db/postgres-cluster.mjs";
import { deployMigrations, useToolEnvironment } from "./lib/tool-database";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const EVENTS = Number(arg("events") ?? 1_000_000);
const ORDERS = Number(arg("orders") ?? 300_000);
const PROVIDER = arg("database") ?? "sqlite";
const KEEP = arg("keep");
const ONLY = arg("only");
const SHOP = "big.myshopify.com";
const SMALL = "small.myshopify.com";
const DAYS = 90;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ");

type Row = (string | number | null)[];
type Sink = {
  insert(table: string, columns: string[], rows: Row[]): Promise<void>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
};

const EVENT_COLUMNS = [
  "id",
  "shopDomain",
  "destinationId",
  "eventName",
  "eventId",
  "status",
  "payload",
  "eventTime",
  "sourceTopic",
  "orderId",
  "isTest",
  "consentAction",
  "consentReason",
  "consentFacts",
  "attempts",
  "nextAttemptAt",
  "deliveredAt",
  "browserSeenAt",
  "createdAt",
  "updatedAt",
];
const ORDER_COLUMNS = [
  "id",
  "shopDomain",
  "kind",
  "sourceId",
  "adminId",
  "name",
  "number",
  "value",
  "currency",
  "isTest",
  "eventName",
  "eventId",
  "outcome",
  "reason",
  "message",
  "placedAt",
  "firstSeenAt",
  "lastSeenAt",
  "lastTopic",
];

function sqliteSink(file: string): Sink {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const statements = new Map<string, Database.Statement>();
  return {
    async insert(table, columns, rows) {
      const key = `${table}|${columns.length}`;
      let statement = statements.get(key);
      if (!statement)
        statements.set(
          key,
          (statement = db.prepare(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES (${columns.map(() => "?").join(",")})`,
          )),
        );
      const prepared = statement;
      db.transaction(() => rows.forEach((row) => prepared.run(...row)))();
    },
    async exec(sql) {
      db.exec(sql);
    },
    async close() {
      db.close();
    },
  };
}

function postgresSink(url: string): Sink {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  return {
    async insert(table, columns, rows) {
      await connected;
      // 500 rows a statement: 10,000 parameters, far below PostgreSQL's 65,535.
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(",")})`).join(",");
        await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${values}`, chunk.flat());
      }
    },
    async exec(sql) {
      await connected;
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}

async function main() {
  console.log(`load average (1 / 5 / 15 min) at start: ${load()}`);
  let stopCluster: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  let url: string;
  let fresh = true;
  if (PROVIDER === "postgresql") {
    let server = process.env.TANDEM_POSTGRES_URL;
    if (!server) {
      const cluster = await startPostgresCluster();
      server = cluster.url;
      stopCluster = () => cluster.stop();
    }
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    // --keep with a lasting server (TANDEM_POSTGRES_URL): one database, seeded once.
    const name = KEEP && process.env.TANDEM_POSTGRES_URL ? "bench_admin_keep" : `bench_admin_${process.pid}`;
    fresh = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 0;
    if (fresh) await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url = databaseUrl(server, name);
  } else {
    dir = KEEP ? path.resolve(KEEP) : path.resolve("tmp", `bench-admin-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "bench.sqlite");
    fresh = !existsSync(file);
    url = `file:${file}`;
  }
  const cleanUp = async () => {
    await stopCluster?.();
    if (dir && !KEEP) rmSync(dir, { recursive: true, force: true });
  };
  try {
    deployMigrations(url);
    useToolEnvironment({ DATABASE_URL: url });
    const { default: prisma } = await import("../app/db.server");
    const now = fresh
      ? Date.now()
      : Number((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP }, select: { installedAt: true } })).installedAt.getTime());
    if (fresh) await seed(prisma, url, now);
    else console.log(`reusing ${url} (seeded ${new Date(now).toISOString()})`);

    // What `npm run setup` does after an upgrade, timed: ReceivedOrder rows for the
    // events that have none (the InitiateCheckout rows here), then the rollups of every
    // slot those writes marked. Left to the first page load, both were timed as the query.
    const { backfillReceivedOrders } = await import("../app/models/received-order-backfill.server");
    const { refreshAllRollups } = await import("../app/models/admin-rollup.server");
    const filled = performance.now();
    const backfill = await backfillReceivedOrders();
    if (backfill.inserted > 0)
      console.log(`backfill: ${backfill.inserted} ReceivedOrder rows in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
    const built = performance.now();
    const summary = await refreshAllRollups();
    if (summary.shops > 0)
      console.log(`rollups built from scratch for ${summary.shops} shops in ${((performance.now() - built) / 1000).toFixed(1)} s`);
    await run(prisma, now);
    await prisma.$disconnect();
  } finally {
    await cleanUp();
  }
  console.log(`load average (1 / 5 / 15 min) at end: ${load()}`);
}

async function seed(prisma: typeof import("../app/db.server").default, url: string, now: number) {
  await prisma.shop.create({ data: { domain: SHOP, shopKey: "big", timezone: "America/New_York", installedAt: new Date(now) } });
  await prisma.shop.create({ data: { domain: SMALL, shopKey: "small" } });
  const pixels = [];
  for (const pixelId of ["123", "124", "125"])
    pixels.push((await prisma.destination.create({ data: { shopDomain: SHOP, pixelId, accessTokenEnc: "v1:a:b:c" } })).id);
  const small = await prisma.destination.create({ data: { shopDomain: SMALL, pixelId: "456", accessTokenEnc: "v1:a:b:c" } });
  const postgres = PROVIDER === "postgresql";
  // Dates as each database stores Prisma's DateTime: SQLite text with +00:00, PostgreSQL timestamp (UTC).
  const stamp = (d: Date) => (postgres ? d.toISOString().replace("Z", "") : d.toISOString().replace("Z", "+00:00"));
  const bool = (b: boolean) => (postgres ? (b as unknown as number) : b ? 1 : 0);
  const sink = postgres ? postgresSink(url) : sqliteSink(url.replace(/^file:/, ""));

  const span = DAYS * 86_400_000;
  const orderTime = (i: number) => new Date(now - span + Math.floor((i / ORDERS) * span));
  const payload = (i: number, name: string) =>
    JSON.stringify({
      event_name: name,
      event_id: `e${i}`,
      user_data: {
        em: ["ab".repeat(32)],
        ph: i % 2 ? ["cd".repeat(32)] : undefined,
        client_ip_address: "8.8.8.8",
        client_user_agent: "Mozilla/5.0",
        fbp: "fb.1.1.1",
      },
      custom_data: { value: 42.5, currency: "USD" },
    });
  const STATUSES = ["delivered", "delivered", "delivered", "delivered", "delivered", "delivered", "blocked", "failed", "skipped", "retry"];
  // Statuses a filter may ask for that hardly occur: 1 row in 1,000 expired (1,000 rows),
  // 1 in 67 paused (about 15,000: near the rare-status threshold of app/outbox/list-query).
  const statusOf = (i: number) => (i % 1000 === 999 ? "expired" : i % 67 === 66 ? "paused" : STATUSES[(i * 7) % STATUSES.length]);
  console.log(`seeding ${EVENTS} events and ${ORDERS} orders (${PROVIDER})...`);
  const t0 = Date.now();
  // Orders: 90% queued, the rest skipped (not paid yet) or received before setup; 1% test orders.
  for (let from = 0; from < ORDERS; from += 20_000) {
    const rows: Row[] = [];
    for (let i = from; i < Math.min(ORDERS, from + 20_000); i++) {
      const at = stamp(orderTime(i));
      const outcome = i % 10 === 0 ? "skipped" : i % 97 === 0 ? "not_configured" : "queued";
      rows.push([
        randomUUID(),
        SHOP,
        "order",
        String(5_000_000 + i),
        String(5_000_000 + i),
        `#${1000 + i}`,
        1000 + i,
        "42.50",
        "USD",
        bool(i % 100 === 0),
        "Purchase",
        `purchase_${5_000_000 + i}`,
        outcome,
        outcome === "skipped" ? "payment_state_not_qualifying" : null,
        outcome === "skipped" ? "Payment state pending" : null,
        at,
        at,
        at,
        "orders/paid",
      ]);
    }
    await sink.insert("ReceivedOrder", ORDER_COLUMNS, rows);
  }
  // Events: two thirds Purchase rows (order j % ORDERS on pixel floor(j / ORDERS): the
  // same order on up to three pixels, each with its own fate), a third InitiateCheckout.
  const purchases = Math.round((EVENTS * 2) / 3);
  for (let from = 0; from < EVENTS; from += 20_000) {
    const rows: Row[] = [];
    for (let i = from; i < Math.min(EVENTS, from + 20_000); i++) {
      const purchase = i < purchases;
      const order = purchase ? i % ORDERS : Math.floor(((i - purchases) / (EVENTS - purchases)) * ORDERS);
      const when = orderTime(order);
      const at = stamp(when);
      const status = statusOf(i);
      rows.push([
        randomUUID(),
        SHOP,
        pixels[purchase ? Math.min(2, Math.floor(i / ORDERS)) : i % 3],
        purchase ? "Purchase" : "InitiateCheckout",
        purchase ? `purchase_${5_000_000 + order}` : `ic_tok${i}`,
        status,
        payload(i, purchase ? "Purchase" : "InitiateCheckout"),
        Math.floor(when.getTime() / 1000),
        purchase ? "orders/paid" : "checkouts/create",
        purchase ? String(5_000_000 + order) : null,
        bool(order % 100 === 0),
        "send",
        "mode_off",
        "{}",
        1,
        at,
        status === "delivered" ? at : null,
        i % 4 ? at : null,
        at,
        at,
      ]);
    }
    await sink.insert("OutboxEvent", EVENT_COLUMNS, rows);
  }
  const at = stamp(new Date(now));
  await sink.insert("OutboxEvent", EVENT_COLUMNS, [
    [
      randomUUID(),
      SMALL,
      small.id,
      "Purchase",
      "purchase_1",
      "delivered",
      "{}",
      Math.floor(now / 1000),
      "orders/paid",
      "1",
      bool(false),
      "send",
      "mode_off",
      "{}",
      1,
      at,
      at,
      null,
      at,
      at,
    ],
  ]);
  // PostgreSQL's autovacuum would analyze the new rows on its own. SQLite is left as a
  // deployment leaves it: the app's connection runs `PRAGMA optimize` when it opens
  // (app/db/sqlite-adapter.server.ts), so the figures are those of that sampled analysis.
  if (postgres) await sink.exec("ANALYZE");
  await sink.close();
  console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function run(prisma: typeof import("../app/db.server").default, now: number) {
  const { getShopOverview } = await import("../app/models/overview.server");
  const { listReceivedOrders, dailyGaps, todayIn, addDays } = await import("../app/models/orders.server");
  const { queryEventLog } = await import("../app/models/event-log.server");
  const { parseEventLogFilter } = await import("../app/models/event-log-filter");
  const { checkHealth } = await import("../app/models/health.server");
  const { dedupByDay } = await import("../app/models/dedup-trend.server");
  const { countReplayable } = await import("../app/outbox/replay.server");
  const { withOrderNames } = await import("../app/models/order-names.server");
  const { consentReasonCounts } = await import("../app/models/consent-summary.server");
  const { dailyReconciliation } = await import("../app/models/order-reconciliation.server");
  const { unsentByDestination } = await import("../app/models/destinations.server");
  const { accuracyByDay } = await import("../app/models/accuracy.server");
  const tz = "America/New_York";
  const clock = { timezone: tz, locale: "en-US" };
  const at = new Date(now);
  const today = todayIn(tz, at);
  const first = await listReceivedOrders({ shopDomain: SHOP }, clock);
  let deep = first.nextCursor;
  for (let i = 0; i < 20 && deep; i++) deep = (await listReceivedOrders({ shopDomain: SHOP, after: deep }, clock)).nextCursor;
  const log = (query: string) => queryEventLog(SHOP, parseEventLogFilter(new URLSearchParams(query)), tz);
  // What each page's loader reads, past authentication and the shop's profile (app.*.tsx).
  const pages: [string, () => Promise<unknown>][] = [
    ["consent page: counts per reason, today / 7 / 30 days", () => consentReasonCounts(SHOP, tz, at)],
    ["settings page: waiting events per pixel", () => unsentByDestination(SHOP)],
    [
      "overview page: overview + 14-day order and dedup trends",
      () =>
        Promise.all([
          getShopOverview(SHOP, { timezone: tz, now: at }),
          dailyGaps(SHOP, addDays(today, -13), today, tz),
          dedupByDay(SHOP, addDays(today, -13), today, tz),
        ]),
    ],
    [
      "orders page: first page + 7-day gap + daily reconciliation + accuracy per pixel",
      () =>
        Promise.all([
          listReceivedOrders({ shopDomain: SHOP }, clock),
          dailyGaps(SHOP, addDays(today, -6), today, tz),
          dailyReconciliation(SHOP, addDays(today, -6), today, tz),
          accuracyByDay(SHOP, addDays(today, -6), today, tz, at),
        ]),
    ],
    [
      "event log page: first page + replay counts + order names",
      () => Promise.all([log("").then((page) => withOrderNames(SHOP, page.rows)), countReplayable({ shopDomain: SHOP, now: at })]),
    ],
  ];

  const cases: [string, () => Promise<unknown>][] = [
    ["overview (status, checklist, 3 periods, coverage)", () => getShopOverview(SHOP, { timezone: tz, now: at })],
    ["orders: daily reconciliation, 7 days", () => dailyReconciliation(SHOP, addDays(today, -6), today, tz)],
    ["orders: accuracy per pixel, 7 days", () => accuracyByDay(SHOP, addDays(today, -6), today, tz, at)],
    ["orders: accuracy per pixel, 31 days", () => accuracyByDay(SHOP, addDays(today, -30), today, tz, at)],
    ["orders: first page + total", () => listReceivedOrders({ shopDomain: SHOP }, clock)],
    ["orders: search ?q=#250000", () => listReceivedOrders({ shopDomain: SHOP, q: "#250000" }, clock)],
    ["orders: search ?q=5100000 (order id)", () => listReceivedOrders({ shopDomain: SHOP, q: "5100000" }, clock)],
    ["orders: page 21 (keyset)", () => listReceivedOrders({ shopDomain: SHOP, after: deep }, clock)],
    ["orders: last 7 days range", () => listReceivedOrders({ shopDomain: SHOP, from: addDays(today, -6), to: today }, clock)],
    ["orders: daily gap, 7 days", () => dailyGaps(SHOP, addDays(today, -6), today, tz)],
    ["orders: daily gap, 31 days", () => dailyGaps(SHOP, addDays(today, -30), today, tz)],
    ["event log: first page", () => log("")],
    ["event log: status=failed", () => log("status=failed")],
    ["event log: status=failed, page 5", () => log("status=failed&page=5")],
    ["event log: search ?q=#250000", () => log("q=%23250000")],
    ["event log: event=InitiateCheckout", () => log("event=InitiateCheckout")],
    ["event log: status=expired (1,000 rows)", () => log("status=expired")],
    ["event log: status=paused (about 15,000 rows)", () => log("status=paused")],
    ["event log: status=pending (none)", () => log("status=pending")],
    ["event log: status=failed,blocked", () => log("status=failed,blocked")],
    ["event log: test events (1%)", () => log("mode=test")],
    ["event log: browser copy missing", () => log("browser=missing")],
    ["event log: last 7 days", () => log(`from=${addDays(today, -6)}&to=${today}`)],
    ["event log: status=failed, page 200 (the last offset page)", () => log("status=failed&page=200")],
    ["event log: replay counts", () => countReplayable({ shopDomain: SHOP, now: at })],
    ["/healthz (database, worker, backlog)", () => checkHealth(prisma, at)],
    ["overview, small shop", () => getShopOverview(SMALL, { timezone: tz, now: at })],
  ];
  console.log(`\n| query | median ms | worst ms |\n| --- | ---: | ---: |`);
  for (const [name, query] of [...pages, ...cases].filter(([name]) => !ONLY || name.includes(ONLY))) {
    await query();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await query();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[2].toFixed(1)} | ${times[4].toFixed(1)} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
