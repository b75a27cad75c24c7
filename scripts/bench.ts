/**
 * npm run bench [-- --events N --concurrency C --latency-ms L]
 * Measures Tandem (built app, outbox, worker) against an inline baseline (the webhook
 * handler calls Meta before answering), both against the Meta emulator with simulated
 * latency, in the same run on the same machine. Prints figures and ratios; asserts nothing.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startMetaEmulator, type MetaEmulator } from "../tests/meta-emulator";
import { makeOrder } from "../tests/support/store-simulator";
import { buildIfStale, freePort, migratedDatabase, startApp } from "./lib/app-process";
import { webhookHeaders } from "./lib/shopify-webhook";

const { values } = parseArgs({ options: { events: { type: "string" }, concurrency: { type: "string" }, "latency-ms": { type: "string" } } });
const N = Number(values.events ?? 2000);
const C = Number(values.concurrency ?? 20);
const LATENCY = Number(values["latency-ms"] ?? 100);
const SHOP = "bench-store.myshopify.com";
const PIXEL = "1234567890123456";
const secret = randomBytes(24).toString("hex");

type Figures = { name: string; ingest: number[]; ingestSeconds: number; deliveredPerSecond: number; lagP95: number; requestsPer100: number; peakRssMb: number; failures: number };

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const peakRssMb = (pid: number | undefined) => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

async function load(name: string, url: string, meta: MetaEmulator, pid: number | undefined, offset: number): Promise<Figures> {
  const orders = Array.from({ length: N }, (_, i) => makeOrder({ id: 7_000_000_000 + offset + i, consent: `m1a1s1.${Math.floor(Date.now() / 1000)}`, lines: 1 + (i % 3) }));
  const sentAt = new Map<string, number>();
  const ingest: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const startedWall = Date.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < orders.length) {
        const order = orders[next++];
        const rawBody = JSON.stringify(order);
        const t0 = performance.now();
        sentAt.set(`purchase_${order.id}`, Date.now());
        const response = await fetch(`${url}/webhooks/orders/create`, { method: "POST", headers: webhookHeaders({ topic: "orders/create", shop: SHOP, rawBody, secret }), body: rawBody });
        await response.arrayBuffer();
        if (response.status !== 200) failures++;
        ingest.push(performance.now() - t0);
      }
    }),
  );
  const ingestSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 300_000;
  while (meta.acceptedCount() < N && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const accepted = meta.accepted();
  const lags = accepted.map((a) => a.receivedAt - (sentAt.get(String(a.event.event_id)) ?? a.receivedAt)).sort((a, b) => a - b);
  const lastAccepted = Math.max(...accepted.map((a) => a.receivedAt));
  return {
    name,
    ingest: ingest.sort((a, b) => a - b),
    ingestSeconds,
    deliveredPerSecond: accepted.length / ((lastAccepted - startedWall) / 1000),
    lagP95: quantile(lags, 0.95),
    requestsPer100: (meta.requests().length / Math.max(1, accepted.length)) * 100,
    peakRssMb: peakRssMb(pid),
    failures: failures + (N - accepted.length),
  };
}

async function runTandem(meta: MetaEmulator): Promise<Figures> {
  const env = {
    SHOPIFY_API_KEY: "tandem-bench", SHOPIFY_API_SECRET: secret, SHOPIFY_APP_URL: "http://127.0.0.1", SCOPES: "read_orders",
    DATABASE_URL: migratedDatabase(path.resolve("tmp", "bench", "tandem-bench.sqlite")), TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: meta.url, WORKER: "inline",
  };
  const app = await startApp(env);
  try {
    execFileSync(process.execPath, [path.resolve("scripts", "tandem.mjs"), "shop", "configure", "--shop", SHOP, "--pixel-id", PIXEL, "--access-token", `EAAbench${randomBytes(16).toString("hex")}`, "--consent-mode", "off"], { env: { ...process.env, ...env }, stdio: "ignore" });
    return await load("Tandem (outbox + worker)", app.url, meta, app.child.pid, 0);
  } finally {
    await app.stop();
  }
}

async function runBaseline(meta: MetaEmulator): Promise<Figures> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts", "bench", "inline-baseline.ts")], {
    env: { ...process.env, PORT: String(port), SECRET: secret, META_URL: meta.url, PIXEL },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  try {
    return await load("Baseline (Meta called inline)", `http://127.0.0.1:${port}`, meta, child.pid, 1_000_000);
  } finally {
    child.kill("SIGTERM");
  }
}

buildIfStale();
console.log(`bench: ${N} orders/create webhooks at concurrency ${C}, Meta emulator latency ${LATENCY} ms; ${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}`);
const results: Figures[] = [];
for (const run of [runTandem, runBaseline]) {
  const meta = await startMetaEmulator({ latencyMs: LATENCY });
  try {
    results.push(await run(meta));
  } finally {
    await meta.close();
  }
}
const row = (f: Figures) =>
  `| ${f.name} | ${quantile(f.ingest, 0.5).toFixed(1)} | ${quantile(f.ingest, 0.95).toFixed(1)} | ${quantile(f.ingest, 0.99).toFixed(1)} | ${(N / f.ingestSeconds).toFixed(0)} | ${f.deliveredPerSecond.toFixed(0)} | ${(f.lagP95 / 1000).toFixed(2)} | ${f.requestsPer100.toFixed(2)} | ${f.peakRssMb.toFixed(0)} | ${f.failures} |`;
console.log("\n| run | ingest p50 ms | p95 ms | p99 ms | ingest webhooks/s | delivered events/s | end-to-end lag p95 s | Meta requests per 100 events | peak RSS MB | lost or failed |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const f of results) console.log(row(f));
const [tandem, baseline] = results;
console.log(
  `\nratios (baseline / Tandem): ingest p50 ${(quantile(baseline.ingest, 0.5) / quantile(tandem.ingest, 0.5)).toFixed(1)}x, ingest p99 ${(quantile(baseline.ingest, 0.99) / quantile(tandem.ingest, 0.99)).toFixed(1)}x, ` +
    `ingest throughput ${((N / tandem.ingestSeconds) / (N / baseline.ingestSeconds)).toFixed(1)}x (Tandem/baseline), Meta requests ${(baseline.requestsPer100 / tandem.requestsPer100).toFixed(0)}x fewer`,
);
