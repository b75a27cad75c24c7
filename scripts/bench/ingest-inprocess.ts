/**
 * npm run bench:ingest -- [--events N --warmup W --rounds R --drop-index NAME,... --drop-trigger NAME,... --list-indexes]
 *
 * The ingest without HTTP: `ingestWebhook` called in-process on the bench's signed orders
 * (scripts/bench/orders.ts, Shopify's Order fields only), ten at a time so the group
 * commit groups them as it does under load, on a fresh migrated SQLite file with a shop
 * configured by the CLI. It prints the main thread's wall time and the process's CPU per
 * webhook after a warm-up, which isolates parse + mapping + consent + SQLite from node:http
 * and from the load generator sharing the cores (`npm run bench` measures those).
 *
 * --drop-index is a PROBE, never a proposal: it drops the named indexes from the fresh
 * file before the run, to price what each index costs a webhook. Each round runs the
 * baseline and the probe in two fresh processes, alternately, so the pair shares the
 * machine's load; compare within a round, and the medians. --drop-trigger does the same
 * with triggers (for example the consent triggers, to price what they cost a webhook).
 * Prints figures only; asserts nothing.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { migratedDatabase } from "../lib/app-process";
import { configureShopWithCli } from "../lib/shop-configure";
import { signedOrders } from "./orders";

const { values } = parseArgs({
  options: {
    events: { type: "string" },
    warmup: { type: "string" },
    rounds: { type: "string" },
    "drop-index": { type: "string" },
    "drop-trigger": { type: "string" },
    "list-indexes": { type: "boolean" },
    child: { type: "string" },
  },
});
const N = Number(values.events ?? 8000);
const WARMUP = Number(values.warmup ?? 4000);
const CONCURRENCY = 10;
const SHOP = "bench-shop.myshopify.com";
const SECRET = "ingest-inprocess-secret";
const HOT_TABLES = ["OutboxEvent", "WebhookReceipt", "ReceivedOrder"];

type Sample = { wallUs: number; cpuUs: number };

if (values.child !== undefined) {
  const sample = await measureInThisProcess(values.child ? values.child.split(",") : []);
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
} else {
  await main();
}

async function main() {
  const probe = [
    ...(values["drop-index"] ?? "").split(",").filter(Boolean),
    ...(values["drop-trigger"] ?? "")
      .split(",")
      .filter(Boolean)
      .map((name) => `trigger:${name}`),
  ];
  if (values["list-indexes"]) {
    const file = path.resolve("tmp", "bench", "ingest-inprocess-list.sqlite");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(migratedDatabase(file).replace(/^file:/, ""));
    const rows = db
      .prepare(
        `SELECT tbl_name AS "table", name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${HOT_TABLES.map(() => "?").join(", ")}) ORDER BY tbl_name, name`,
      )
      .all(...HOT_TABLES) as { table: string; name: string }[];
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    for (const row of rows) console.log(`${row.table}\t${row.name}`);
    return;
  }
  const rounds = Number(values.rounds ?? (probe.length > 0 ? 3 : 1));
  console.log(
    `ingest-inprocess: ${N} orders/create (after ${WARMUP} warm-up), ${CONCURRENCY} at a time, ${rounds} round(s)${probe.length > 0 ? `, probe drops: ${probe.join(", ")}` : ""}`,
  );
  const base: Sample[] = [];
  const dropped: Sample[] = [];
  for (let round = 1; round <= rounds; round++) {
    const a = child([]);
    base.push(a);
    let line = `round ${round}: as built ${a.wallUs.toFixed(0)} us wall, ${a.cpuUs.toFixed(0)} us CPU per webhook`;
    if (probe.length > 0) {
      const b = child(probe);
      dropped.push(b);
      line += `; dropped ${b.wallUs.toFixed(0)} us wall, ${b.cpuUs.toFixed(0)} us CPU (${(a.wallUs - b.wallUs).toFixed(0)} us less wall)`;
    }
    console.log(line);
  }
  const median = (samples: Sample[], key: keyof Sample) =>
    [...samples].map((s) => s[key]).sort((x, y) => x - y)[Math.floor(samples.length / 2)];
  let summary = `median: as built ${median(base, "wallUs").toFixed(0)} us wall, ${median(base, "cpuUs").toFixed(0)} us CPU`;
  if (dropped.length > 0)
    summary += `; dropped ${median(dropped, "wallUs").toFixed(0)} us wall, ${median(dropped, "cpuUs").toFixed(0)} us CPU`;
  console.log(summary);
}

function child(drop: string[]): Sample {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], "--events", String(N), "--warmup", String(WARMUP), "--child", drop.join(",")],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (result.status !== 0) throw new Error(`the measuring process exited with ${result.status}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Sample;
}

async function measureInThisProcess(drop: string[]): Promise<Sample> {
  const file = path.resolve("tmp", "bench", `ingest-inprocess-${process.pid}.sqlite`);
  const url = migratedDatabase(file);
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "tandem-bench",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_orders",
    DATABASE_URL: url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: "http://127.0.0.1:9",
    WORKER: "off",
    LOG_LEVEL: "warn",
  });
  if (drop.length > 0) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file);
    for (const name of drop) {
      const [kind, bare] = name.startsWith("trigger:") ? ["TRIGGER", name.slice("trigger:".length)] : ["INDEX", name];
      db.exec(`DROP ${kind} "${bare.replace(/"/g, "")}"`);
    }
    db.close();
  }
  await configureShopWithCli({
    shop: SHOP,
    pixelId: "123456789012345",
    accessToken: `EAAbench${randomBytes(16).toString("hex")}`,
    consentMode: "off",
  });
  const { ingestWebhook } = await import("../../app/ingest/ingest-webhook.server");
  const requests = signedOrders({ count: WARMUP + N, firstId: 5_000_000_000, shop: SHOP, secret: SECRET });
  const run = async (list: typeof requests) => {
    for (let i = 0; i < list.length; i += CONCURRENCY) {
      await Promise.all(
        list.slice(i, i + CONCURRENCY).map((request) =>
          ingestWebhook({
            shop: SHOP,
            topic: "orders/create",
            webhookId: request.headers["X-Shopify-Webhook-Id"] ?? randomBytes(16).toString("hex"),
            payload: JSON.parse(request.body),
          }),
        ),
      );
    }
  };
  await run(requests.slice(0, WARMUP));
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run(requests.slice(WARMUP));
  const wallUs = ((performance.now() - started) * 1000) / N;
  const used = process.cpuUsage(cpu);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  return { wallUs, cpuUs: (used.user + used.system) / N };
}
