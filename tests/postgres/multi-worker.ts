/**
 * Several `npm run worker` processes on one database, draining one backlog while the
 * Meta emulator fails one request in `failEvery`. Shared by the test
 * (tests/postgres/multi-worker.test.ts, small) and the measured run
 * (tests/postgres/multi-worker-run.ts, `npm run bench:workers`, 20,000 events).
 * Counts, per event id, how often Meta accepted it: exactly once is the only right answer.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createPrismaClient } from "../../app/db.server";
import { getSecretBox } from "../../app/secrets/token-encryption.server";
import { startMetaEmulator, type FailureMode } from "../../scripts/lib/meta-emulator";

export type MultiWorkerOptions = {
  databaseUrl: string;
  workers: number;
  events: number;
  destinations?: number;
  /** One request in this many fails (10 = 10%); 0 = none. */
  failEvery?: number;
  batchSize?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
};

export type MultiWorkerResult = {
  events: number;
  workers: number;
  accepted: number;
  missing: string[];
  /** Event ids Meta accepted more than once. */
  sentTwice: string[];
  requests: number;
  failedRequests: number;
  drainMs: number;
  statuses: Record<string, number>;
  /** Events delivered per worker process, from their iteration logs. */
  perWorker: number[];
  exitCodes: (number | null)[];
  output: string;
};

const FAILURES: FailureMode[] = ["http_500", "http_503", "reset", "transient"];
const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function runMultiWorker(options: MultiWorkerOptions): Promise<MultiWorkerResult> {
  const log = options.log ?? (() => {});
  const destinations = options.destinations ?? 4;
  const failEvery = options.failEvery ?? 10;
  const db = createPrismaClient(options.databaseUrl);
  const emulator = await startMetaEmulator();
  const children: ChildProcess[] = [];
  const outputs: string[] = [];
  let controller: NodeJS.Timeout | null = null;
  try {
    // Shops, destinations and a due backlog spread over them, as the ingest writes it.
    const targets: { destinationId: string; pixelId: string; shopDomain: string }[] = [];
    for (let i = 0; i < destinations; i++) {
      const shopDomain = `multi-${randomUUID().slice(0, 8)}.myshopify.com`;
      const pixelId = String(700_000_000 + i);
      await db.shop.create({ data: { domain: shopDomain, shopKey: randomUUID(), settings: "{}" } });
      const destination = await db.destination.create({
        data: { shopDomain, pixelId, accessTokenEnc: getSecretBox().seal(`EAAB-${randomUUID()}`) },
      });
      targets.push({ destinationId: destination.id, pixelId, shopDomain });
    }
    const ids = Array.from({ length: options.events }, (_, i) => `purchase_${100_000 + i}`);
    const rows = ids.map((eventId, i) => {
      const target = targets[i % targets.length];
      const payload = {
        event_name: "Purchase",
        event_time: nowSeconds() - 60,
        event_id: eventId,
        action_source: "website",
        event_source_url: "https://shop.example/checkouts/thank-you",
        user_data: {
          em: ["62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"],
          client_ip_address: "8.8.8.8",
          client_user_agent: "Mozilla/5.0",
        },
        custom_data: { currency: "EUR", value: 10 + (i % 90) },
      };
      return {
        shopDomain: target.shopDomain,
        destinationId: target.destinationId,
        eventName: "Purchase",
        eventId,
        status: "pending",
        payload: JSON.stringify(payload),
        eventTime: payload.event_time,
        sourceTopic: "orders/paid",
        consentAction: "send",
        consentReason: "mode_off",
        nextAttemptAt: new Date(Date.now() - 1_000),
      };
    });
    for (let i = 0; i < rows.length; i += 1_000) await db.outboxEvent.createMany({ data: rows.slice(i, i + 1_000) });
    log(`seeded ${rows.length} events over ${destinations} destinations`);

    // One failure queued for every `failEvery` requests the emulator has seen.
    let failed = 0;
    if (failEvery > 0) {
      controller = setInterval(() => {
        const seen = emulator.requests().length;
        while (failed < Math.floor((seen + 1) / failEvery)) {
          emulator.fail({ mode: FAILURES[failed % FAILURES.length] });
          failed += 1;
        }
      }, 5);
    }

    const started = performance.now();
    for (let i = 0; i < options.workers; i++) {
      // `node --import tsx`: one process, so SIGTERM reaches the worker's own handler.
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        env: {
          ...process.env,
          DATABASE_URL: options.databaseUrl,
          META_GRAPH_API_URL: emulator.url,
          WORKER: "off",
          DELIVERY_BATCH_SIZE: String(options.batchSize ?? 100),
          DELIVERY_LEASE_SECONDS: "60",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      outputs.push("");
      child.stdout!.on("data", (chunk) => (outputs[i] += chunk));
      child.stderr!.on("data", (chunk) => (outputs[i] += chunk));
      children.push(child);
    }
    const exits = children.map((child) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))));

    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let statuses: Record<string, number> = {};
    for (;;) {
      const groups = await db.outboxEvent.groupBy({ by: ["status"], _count: { _all: true } });
      statuses = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
      if ((statuses.delivered ?? 0) + (statuses.failed ?? 0) + (statuses.expired ?? 0) >= options.events) break;
      if (children.some((child) => child.exitCode !== null)) throw new Error(`a worker exited early:\n${outputs.join("\n---\n")}`);
      if (Date.now() > deadline) throw new Error(`not drained within ${options.timeoutMs ?? 600_000} ms: ${JSON.stringify(statuses)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainMs = performance.now() - started;
    if (controller) clearInterval(controller);
    controller = null;
    for (const child of children) child.kill("SIGTERM");
    const exitCodes = await Promise.all(exits);

    const counts = new Map<string, number>();
    for (const accepted of emulator.accepted()) {
      const id = String(accepted.event.event_id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const perWorker = outputs.map((output) =>
      output
        .split("\n")
        .filter((line) => line.includes('"delivery iteration"'))
        .reduce((sum, line) => sum + Number(JSON.parse(line).delivered ?? 0), 0),
    );
    const requests = emulator.requests();
    return {
      events: options.events,
      workers: options.workers,
      accepted: emulator.accepted().length,
      missing: ids.filter((id) => !counts.has(id)),
      sentTwice: ids.filter((id) => (counts.get(id) ?? 0) > 1),
      requests: requests.length,
      failedRequests: failed,
      drainMs,
      statuses,
      perWorker,
      exitCodes,
      output: outputs.join("\n---\n"),
    };
  } finally {
    if (controller) clearInterval(controller);
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await emulator.close();
    await db.$disconnect();
  }
}
