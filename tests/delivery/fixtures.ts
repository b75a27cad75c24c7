import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import prisma, { createPrismaClient } from "../../app/db.server";
import { createGraphClient } from "../../app/meta/graph-client.server";
import { getSecretBox } from "../../app/secrets/token-encryption.server";
import { createDeliveryWorker, type DeliveryWorkerOptions } from "../../app/delivery/worker.server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";

// Shared set-up for the delivery tests: rows are written straight into this test file's
// own SQLite copy (tests/setup-env.ts), tokens sealed with the real secret box, and the
// worker talks real HTTP to the Meta emulator. Nothing of ours is replaced.

export const db = prisma;
export const HASH_EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
export const HASH_PH = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Empties what the delivery tests write, so one test's rows never reach another's worker. */
export async function resetDb(): Promise<void> {
  await db.$transaction([
    db.deliveryAttempt.deleteMany(),
    db.outboxEvent.deleteMany(),
    db.destination.deleteMany(),
    db.shop.deleteMany(),
    db.workerHeartbeat.deleteMany(),
  ]);
}

/** A second connection to the same file, as another worker process would have. */
export function secondClient(): PrismaClient {
  return createPrismaClient(process.env.DATABASE_URL!);
}

/** A website Purchase both our validator and the emulator accept. */
export function purchase(eventId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: "Purchase",
    event_time: nowSeconds() - 60,
    event_id: eventId,
    action_source: "website",
    event_source_url: "https://shop.example/checkouts/thank-you",
    user_data: {
      em: [HASH_EM],
      ph: [HASH_PH],
      client_ip_address: "8.8.8.8",
      client_user_agent: "Mozilla/5.0 (Macintosh) Safari/605.1.15",
      fbp: "fb.1.1764150000000.1234567890",
    },
    custom_data: { value: 49.95, currency: "USD", content_ids: ["4411"], content_type: "product", num_items: 1, order_id: eventId },
    data_processing_options: [],
    ...overrides,
  };
}

export type Seeded = { shopDomain: string; destinationId: string; pixelId: string; token: string };

let pixelCounter = 100_000;
export async function seedDestination(options: { settings?: object; testEventCode?: string; client?: PrismaClient } = {}): Promise<Seeded> {
  const client = options.client ?? db;
  const shopDomain = `shop-${randomUUID().slice(0, 8)}.myshopify.com`;
  const pixelId = String(++pixelCounter + Math.floor(Math.random() * 1e9));
  const token = `EAAB-${randomUUID()}`;
  await client.shop.create({ data: { domain: shopDomain, shopKey: randomUUID(), settings: JSON.stringify(options.settings ?? {}) } });
  const destination = await client.destination.create({
    data: { shopDomain, pixelId, accessTokenEnc: getSecretBox().seal(token), testEventCode: options.testEventCode ?? null },
  });
  return { shopDomain, destinationId: destination.id, pixelId, token };
}

export type EventSeed = {
  count: number;
  prefix?: string;
  status?: string;
  isTest?: boolean;
  nextAttemptAt?: Date;
  event?: (eventId: string, index: number) => Record<string, unknown>;
  extra?: Record<string, unknown>;
};

/** Outbox rows as the ingest writes them; returns their event ids in order. */
export async function seedEvents(target: Seeded, seed: EventSeed): Promise<string[]> {
  const prefix = seed.prefix ?? `purchase_${randomUUID().slice(0, 6)}`;
  const ids = Array.from({ length: seed.count }, (_, i) => `${prefix}_${i}`);
  const rows = ids.map((eventId, i) => {
    const payload = seed.event ? seed.event(eventId, i) : purchase(eventId);
    return {
      shopDomain: target.shopDomain,
      destinationId: target.destinationId,
      eventName: String(payload.event_name),
      eventId,
      status: seed.status ?? "pending",
      payload: JSON.stringify(payload),
      eventTime: Number(payload.event_time),
      sourceTopic: "orders/paid",
      isTest: seed.isTest ?? false,
      consentAction: "send",
      consentReason: "mode_off",
      nextAttemptAt: seed.nextAttemptAt ?? new Date(Date.now() - 1_000),
      ...seed.extra,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.outboxEvent.createMany({ data: rows.slice(i, i + 500) });
  return ids;
}

/** A clock the test moves by hand; the worker never sleeps on it. */
export function testClock(start = new Date()) {
  let ms = start.getTime();
  return { now: () => new Date(ms), advance: (by: number) => (ms += by), set: (at: Date) => (ms = at.getTime()) };
}

// The HTTP timeout defaults far above any answer's time on a busy machine: a test that
// wants a timeout sets timeoutMs and makes the emulator hold the request.
export function workerFor(emulator: MetaEmulator, options: Partial<DeliveryWorkerOptions> & { timeoutMs?: number } = {}) {
  const { timeoutMs, ...rest } = options;
  const box = getSecretBox();
  return createDeliveryWorker({
    db,
    graphClient: createGraphClient({ baseUrl: emulator.url, version: "v26.0", timeoutMs: timeoutMs ?? 30_000 }),
    openToken: (sealed) => box.open(sealed),
    workerId: `test-${randomUUID().slice(0, 8)}`,
    pollIntervalMs: 20,
    requestTimeoutMs: timeoutMs ?? 30_000,
    ...rest,
  });
}

export async function statuses(destinationId: string): Promise<Record<string, number>> {
  const groups = await db.outboxEvent.groupBy({ by: ["status"], where: { destinationId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

export async function rowsOf(destinationId: string) {
  return db.outboxEvent.findMany({ where: { destinationId }, orderBy: { eventId: "asc" } });
}

/** Every event id accepted exactly once by the emulator for this pixel. */
export function acceptedOnce(
  emulator: MetaEmulator,
  pixelId: string,
  eventIds: readonly string[],
): { missing: string[]; doubled: string[] } {
  const counts = new Map<string, number>();
  for (const accepted of emulator.accepted()) {
    if (accepted.pixelId !== pixelId) continue;
    const id = String(accepted.event.event_id);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return {
    missing: eventIds.filter((id) => !counts.has(id)),
    doubled: eventIds.filter((id) => (counts.get(id) ?? 0) > 1),
  };
}

/**
 * One Meta emulator per test file, reset (failures, latency, records) together with the
 * database before each test. The returned object forwards to the emulator started in
 * beforeAll, so tests hold it from the file's top level.
 */
export function useMetaEmulatorWithFreshDb(): MetaEmulator {
  let current: MetaEmulator | undefined;
  beforeAll(async () => {
    current = await startMetaEmulator();
  });
  afterAll(() => current?.close());
  beforeEach(async () => {
    current!.reset();
    current!.setLatency(0);
    await resetDb();
  });
  return new Proxy({} as MetaEmulator, {
    get: (_target, property) => {
      const value = Reflect.get(current!, property);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/**
 * The emulator records a request when its socket closes, which can come after the worker
 * has read the answer (on a busy machine, noticeably): wait until `count` are recorded.
 */
export async function recordedRequests(
  emulator: MetaEmulator,
  count: number,
  filter: (request: ReturnType<MetaEmulator["requests"]>[number]) => boolean = () => true,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (emulator.requests().filter(filter).length < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return emulator.requests().filter(filter);
}

/**
 * Stops `worker` while Meta holds its answers: the worker starts with the emulator holding,
 * `whileHeld` waits for (and may check) what is in flight, then the stop is asked before
 * Meta answers, so the stop surely lands mid-request however slow the machine.
 */
export async function stopWhileMetaHolds(
  emulator: MetaEmulator,
  worker: ReturnType<typeof workerFor>,
  whileHeld: () => Promise<unknown>,
): Promise<void> {
  emulator.holdAnswers();
  worker.start();
  try {
    await whileHeld();
    const stopped = worker.stop();
    emulator.releaseAnswers();
    await stopped;
  } finally {
    emulator.releaseAnswers();
    await worker.stop();
  }
}

/** True when every pending row of the destination is free to claim: no lease, no attempt counted. */
export async function pendingRowsHandedBack(destinationId: string): Promise<boolean> {
  const pending = (await rowsOf(destinationId)).filter((row) => row.status === "pending");
  return pending.length > 0 && pending.every((row) => row.leaseOwner === null && row.leaseUntil === null && row.attempts === 0);
}
