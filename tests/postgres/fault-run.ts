/**
 * The fault run: signed Shopify `orders/create` webhooks, each delivered
 * several times with the same X-Shopify-Webhook-Id (Shopify's retries), interleaved and
 * spread over two instances of the BUILT app (scripts/start.mjs) on one database, while
 * the Meta emulator is down for a stretch in the middle and one instance is killed with
 * SIGKILL several times and restarted. Counts, per event id, how often Meta accepted it.
 *
 * Shared by the CI-sized test (tests/postgres/fault-run.test.ts) and the measured run
 * (tests/postgres/fault-run-cli.ts, `npm run bench:fault`).
 *
 * Every fault is triggered by a condition, never by a clock: a kill happens when the
 * sender reaches a point of its schedule; the killed instance is restarted once some
 * webhooks sent to it were refused (so "sent while down" always happens); the emulator
 * comes back once the sender passed the end of the outage AND the workers have had
 * requests refused during it. The sender never waits for the faults, so on a fast
 * machine they overlap more, on a slow one less; the counts are right either way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { hostname, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { createPrismaClient } from "../../app/db.server";
import { UNSENT_STATUSES } from "../../app/outbox/status";
import { signedOrders } from "../../scripts/bench/orders";
import { freePort, startApp, type AppProcess } from "../../scripts/lib/app-process";
import { startMetaEmulator } from "../../scripts/lib/meta-emulator";
import { configureShopWithCli } from "../../scripts/lib/shop-configure";

export type FaultRunOptions = {
  databaseUrl: string;
  /** Distinct webhooks (orders). */
  webhooks: number;
  /** Deliveries of each webhook (Shopify's retries carry the same webhook id). */
  copies?: number;
  /** SIGKILLs of the second instance (each followed by a restart). */
  kills?: number;
  /** inline: each web instance runs the worker (a kill also kills a worker mid-request); separate: WORKER=off web instances plus this many `npm run worker` processes (never killed). */
  worker?: "inline" | "separate";
  separateWorkers?: number;
  /** Concurrent webhook deliveries in flight (Shopify's side). */
  concurrency?: number;
  /** Meta emulator latency per request, ms: requests are in flight when a worker is killed. */
  metaLatencyMs?: number;
  /** The outage as fractions of the delivery schedule. */
  outage?: [number, number];
  /** A worker's lease; a killed worker's claims come back after it. */
  leaseSeconds?: number;
  batchSize?: number;
  /** Shopify gives up on a delivery after 5 s and retries it. */
  webhookTimeoutMs?: number;
  seed?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
};

export type KillRecord = {
  atDelivery: number;
  pid: number;
  /** Event ids Meta had accepted while the killed worker still held them (not yet marked delivered). */
  inFlightAccepted: string[];
  /** Ms from the kill to the restarted instance answering /healthz. */
  downMs: number;
};

export type FaultRunResult = {
  webhooks: number;
  deliveries: number;
  /** Deliveries answered 200 in the end (each after one or more attempts). */
  acknowledged: number;
  /** HTTP attempts in all, and why the ones that were not a 200 failed. */
  attempts: number;
  failedAttempts: { refused: number; reset: number; timeout: number; status: Record<string, number> };
  sendMs: number;
  /** From the last acknowledged webhook to no outbox row left to send. */
  drainMs: number;
  outboxRows: number;
  webhookReceipts: number;
  statuses: Record<string, number>;
  /** Distinct event ids Meta accepted, and accepted events in all. */
  delivered: number;
  acceptedTotal: number;
  lost: string[];
  duplicates: string[];
  /** Duplicates whose first acceptance happened while a worker killed with SIGKILL held them. */
  duplicatesFromKills: string[];
  /** Duplicates with no kill to explain them: must be none. */
  duplicatesOther: string[];
  kills: KillRecord[];
  outage: { fromDelivery: number; toDelivery: number; ms: number; refusedRequests: number };
  exitCodes: (number | null)[];
  loadAverage: { start: number; max: number; mean: number };
  output: string;
};

const SHOP = "fault-run.myshopify.com";

const PIXEL = "900800700601000";

/** mulberry32: a small seeded generator, so a run's schedule can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Delivery = { order: number; copy: number; firstInstance: number };

/**
 * Every webhook `copies` times. Copy 0 at the webhook's own place, later copies up to a
 * window later (Shopify retries, and duplicate deliveries, come while newer webhooks are
 * still arriving), so copies of one webhook may be in flight at the same time, on either
 * instance.
 */
function schedule(webhooks: number, copies: number, random: () => number): Delivery[] {
  const window = Math.max(20, Math.floor(webhooks / 10));
  const keyed: { key: number; delivery: Delivery }[] = [];
  for (let order = 0; order < webhooks; order++) {
    for (let copy = 0; copy < copies; copy++) {
      const key = order + (copy === 0 ? 0 : random() * window);
      keyed.push({ key, delivery: { order, copy, firstInstance: random() < 0.5 ? 0 : 1 } });
    }
  }
  return keyed.sort((a, b) => a.key - b.key).map((entry) => entry.delivery);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFaultRun(options: FaultRunOptions): Promise<FaultRunResult> {
  const log = options.log ?? (() => {});
  const copies = options.copies ?? 3;
  const killCount = options.kills ?? 5;
  const workerMode = options.worker ?? "inline";
  const concurrency = options.concurrency ?? 16;
  const [outageFrom, outageTo] = options.outage ?? [0.35, 0.6];
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5_000;
  const deadline = Date.now() + (options.timeoutMs ?? 1_800_000);
  const random = seeded(options.seed ?? 11);
  const secret = randomBytes(24).toString("hex");

  const load: number[] = [];
  const loadTimer = setInterval(() => load.push(loadavg()[0]), 1_000);
  const loadStart = loadavg()[0];
  load.push(loadStart);

  const meta = await startMetaEmulator({ latencyMs: options.metaLatencyMs ?? 100 });
  const db = createPrismaClient(options.databaseUrl);
  const env: Record<string, string> = {
    SHOPIFY_API_KEY: "fault-run",
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_orders",
    DATABASE_URL: options.databaseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: meta.url,
    WORKER: workerMode === "inline" ? "inline" : "off",
    DELIVERY_LEASE_SECONDS: String(options.leaseSeconds ?? 15),
    DELIVERY_BATCH_SIZE: String(options.batchSize ?? 100),
    LOG_LEVEL: "warn",
  };
  const instances: (AppProcess | null)[] = [null, null];
  const outputs: string[] = [];
  const workers: ChildProcess[] = [];
  const pools: Pool[] = [];
  let aborted = false;

  try {
    await configureShopWithCli({
      shop: SHOP,
      pixelId: PIXEL,
      accessToken: `EAAfault${randomBytes(12).toString("hex")}`,
      consentMode: "off",
      env,
    });
    const ports = [await freePort(), await freePort()];
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const start = async (index: number) => {
      const app = await startApp({ ...env, PORT: String(ports[index]) }, { timeoutMs: 120_000 });
      instances[index] = app;
      return app;
    };
    await Promise.all([start(0), start(1)]);
    for (let i = 0; i < (workerMode === "separate" ? (options.separateWorkers ?? 2) : 0); i++) {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout!.on("data", (chunk) => (out += chunk));
      child.stderr!.on("data", (chunk) => (out += chunk));
      workers.push(child);
      outputs.push("");
      const slot = outputs.length - 1;
      child.once("exit", () => (outputs[slot] = out));
    }
    for (const url of urls)
      pools.push(
        new Pool(url, {
          connections: concurrency,
          pipelining: 1,
          keepAliveTimeout: 30_000,
          headersTimeout: webhookTimeoutMs,
          bodyTimeout: webhookTimeoutMs,
          connectTimeout: webhookTimeoutMs,
        }),
      );

    // Built and signed before anything is sent; all copies of a webhook share its headers
    // (X-Shopify-Webhook-Id, X-Shopify-Event-Id, X-Shopify-Triggered-At, HMAC) and body.
    const requests = signedOrders({ count: options.webhooks, firstId: 5_100_000_000, shop: SHOP, secret });
    const plan = schedule(options.webhooks, copies, random);
    const total = plan.length;
    const eventIds = requests.map((request) => request.key);
    log(
      `${options.webhooks} webhooks x ${copies} = ${total} deliveries over 2 instances (${urls.join(", ")}), worker ${workerMode}; load average ${loadStart.toFixed(1)}`,
    );

    // --- Shopify's side: concurrent senders, retrying a failed delivery on the other instance after a short back-off.
    let next = 0;
    let acknowledged = 0;
    const sendStarted = performance.now();
    let attempts = 0;
    let lastAckAt = 0;
    const failed = { refused: 0, reset: 0, timeout: 0, status: {} as Record<string, number> };
    /** Attempts aimed at the second instance that failed while it was down. */
    let refusedByKilled = 0;
    let killedDown = false;
    const deliverOne = async (delivery: Delivery) => {
      const request = requests[delivery.order];
      for (let attempt = 0; ; attempt++) {
        if (aborted) return;
        if (Date.now() > deadline)
          throw new Error(`delivery of webhook ${delivery.order} copy ${delivery.copy} not acknowledged before the deadline`);
        const instance = (delivery.firstInstance + attempt) % 2;
        attempts += 1;
        try {
          const response = await pools[instance].request({
            path: request.path,
            method: "POST",
            headers: request.headers,
            body: request.body,
          });
          await response.body.dump();
          if (response.statusCode === 200) {
            acknowledged += 1;
            lastAckAt = performance.now();
            if (acknowledged % Math.max(1, Math.floor(total / 10)) === 0) {
              log(
                `${acknowledged}/${total} acknowledged after ${((lastAckAt - sendStarted) / 1000).toFixed(0)} s (load average ${loadavg()[0].toFixed(1)})`,
              );
            }
            return;
          }
          failed.status[response.statusCode] = (failed.status[response.statusCode] ?? 0) + 1;
        } catch (error) {
          const code = (error as { code?: string }).code ?? "";
          if (code === "ECONNREFUSED") failed.refused += 1;
          else if (/TIMEOUT/.test(code)) failed.timeout += 1;
          else failed.reset += 1;
          if (instance === 1 && killedDown) refusedByKilled += 1;
        }
        // Shopify backs off between retries (over hours); compressed here, growing per attempt.
        await wait(Math.min(1_000, 25 * 2 ** Math.min(attempt, 6)));
      }
    };

    // --- The faults, each waiting for a condition.
    const killPoints = Array.from({ length: killCount }, (_, k) => Math.floor(((k + 1) / (killCount + 1)) * total));
    const kills: KillRecord[] = [];
    const outage = { fromDelivery: Math.floor(outageFrom * total), toDelivery: Math.floor(outageTo * total), ms: 0, refusedRequests: 0 };
    let outageRequestsBefore = 0;
    let outageStartedAt = 0;
    /** Polls a condition (the faults wait for the sender's progress, never for a time). */
    const until = async (condition: () => boolean, what: string) => {
      while (!condition()) {
        if (aborted) throw new Error(`aborted while waiting for ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await wait(20);
      }
    };
    const requestsRefusedSince = (from: number) =>
      meta
        .requests()
        .slice(from)
        .filter((r) => r.status === 0).length;

    const faults = (async () => {
      for (const point of killPoints) {
        await until(() => next >= point || next >= total, `delivery ${point}`);
        if (instances[1] === null) throw new Error("instance 2 not running at a kill point");
        const victim = instances[1];
        const pid = victim.child.pid!;
        outputs.push(victim.output());
        refusedByKilled = 0;
        killedDown = true;
        const killedAt = performance.now();
        const atDelivery = next;
        await victim.kill();
        instances[1] = null;
        // What the dead worker held and Meta had already accepted: sent again after its lease ends.
        const accepted = new Set(meta.accepted().map((a) => String(a.event.event_id)));
        const held = await db.outboxEvent.findMany({
          where: { leaseOwner: { startsWith: `${hostname()}:${pid}:` }, status: { not: "delivered" } },
          select: { eventId: true },
        });
        const inFlightAccepted = held.map((row) => row.eventId).filter((id) => accepted.has(id));
        log(
          `kill ${kills.length + 1}/${killCount} (pid ${pid}) at delivery ${atDelivery}/${total}: it held ${held.length} undelivered events, ${inFlightAccepted.length} of them already accepted by Meta`,
        );
        // Restart once webhooks sent to the dead instance were refused (or nothing is left to send).
        await until(() => refusedByKilled >= 3 || next >= total, "webhooks refused by the killed instance");
        await start(1);
        killedDown = false;
        kills.push({ atDelivery, pid, inFlightAccepted, downMs: performance.now() - killedAt });
      }
    })();

    const outageWatch = (async () => {
      await until(() => next >= outage.fromDelivery || next >= total, "the outage's start");
      // Down: every request is cut with a TCP reset before Meta reads it (nothing accepted).
      outageRequestsBefore = meta.requests().length;
      meta.fail({ mode: "reset", forMs: 24 * 60 * 60 * 1000 });
      outageStartedAt = performance.now();
      log(`Meta emulator down at delivery ${next}/${total}`);
      await until(
        () => (next >= outage.toDelivery || next >= total) && requestsRefusedSince(outageRequestsBefore) >= 3,
        "the outage's end and requests refused during it",
      );
      meta.clearFailures();
      outage.ms = performance.now() - outageStartedAt;
      outage.refusedRequests = requestsRefusedSince(outageRequestsBefore);
      log(
        `Meta emulator up again at delivery ${next}/${total} after ${(outage.ms / 1000).toFixed(1)} s, ${outage.refusedRequests} requests refused`,
      );
    })();

    const senders = Array.from({ length: concurrency }, async () => {
      while (next < total && !aborted) {
        const delivery = plan[next++];
        await deliverOne(delivery);
      }
    });
    // A fault that throws stops the run at once instead of hanging the senders.
    await Promise.all([Promise.all(senders), faults, outageWatch]).catch((error: unknown) => {
      aborted = true;
      throw error;
    });
    const sendMs = performance.now() - sendStarted;
    log(`sent: ${acknowledged}/${total} acknowledged after ${attempts} attempts in ${(sendMs / 1000).toFixed(1)} s; draining`);

    // --- Drain: no outbox row left to send (each settled row was answered by Meta, or given up on, which the counts below show).
    let statuses: Record<string, number> = {};
    for (;;) {
      const groups = await db.outboxEvent.groupBy({ by: ["status"], _count: { _all: true } });
      statuses = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
      if (!UNSENT_STATUSES.some((status) => statuses[status])) break;
      if (Date.now() > deadline)
        throw new Error(`not drained before the deadline: ${JSON.stringify(statuses)}, ${meta.accepted().length} accepted`);
      await wait(100);
    }
    const drainMs = performance.now() - lastAckAt;

    const exitCodes: (number | null)[] = [];
    for (const [index, app] of instances.entries()) {
      if (!app) continue;
      exitCodes.push(await app.stop());
      outputs.push(app.output());
      instances[index] = null;
    }
    for (const child of workers) {
      const exited = new Promise<number | null>((resolve) =>
        child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
      );
      child.kill("SIGTERM");
      exitCodes.push(await exited);
    }

    const counts = new Map<string, number>();
    for (const accepted of meta.accepted()) {
      const id = String(accepted.event.event_id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const duplicates = eventIds.filter((id) => (counts.get(id) ?? 0) > 1);
    const explained = new Set(kills.flatMap((kill) => kill.inFlightAccepted));
    return {
      webhooks: options.webhooks,
      deliveries: total,
      acknowledged,
      attempts,
      failedAttempts: failed,
      sendMs,
      drainMs,
      outboxRows: await db.outboxEvent.count(),
      webhookReceipts: await db.webhookReceipt.count(),
      statuses,
      delivered: eventIds.filter((id) => counts.has(id)).length,
      acceptedTotal: meta.accepted().length,
      lost: eventIds.filter((id) => !counts.has(id)),
      duplicates,
      duplicatesFromKills: duplicates.filter((id) => explained.has(id)),
      duplicatesOther: duplicates.filter((id) => !explained.has(id)),
      kills,
      outage,
      exitCodes,
      loadAverage: { start: loadStart, max: Math.max(...load), mean: load.reduce((a, b) => a + b, 0) / load.length },
      output: outputs.join("\n---\n"),
    };
  } finally {
    clearInterval(loadTimer);
    aborted = true;
    for (const app of instances) await app?.kill();
    for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
    await Promise.all(pools.map((pool) => pool.close().catch(() => undefined)));
    await meta.close();
    await db.$disconnect();
  }
}
