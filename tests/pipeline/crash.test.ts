import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/db.server";
import { databaseProvider } from "~/db/provider";
import { migratedDatabase, startApp, type AppProcess } from "../../scripts/lib/app-process";
import { postWebhook } from "../../scripts/lib/shopify-webhook";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { configureShopWithCli } from "../../scripts/lib/shop-configure";

// The built app as a real process: killed with SIGKILL while requests to Meta are in
// flight, then restarted on the same database. Nothing may be lost; an event may reach
// Meta twice only if Meta had already received it when the process died, and then with
// the same event_id.

const SHOP = "crash.myshopify.com";
const ORDERS = 120;
let meta: MetaEmulator;
let env: Record<string, string>;
let app: AppProcess | undefined;

beforeAll(async () => {
  meta = await startMetaEmulator({ latencyMs: 400 });
  env = {
    SHOPIFY_API_KEY: "crash-test",
    SHOPIFY_API_SECRET: randomBytes(16).toString("hex"),
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_orders",
    // PostgreSQL project: this file's own fresh database; SQLite: a file of its own.
    DATABASE_URL:
      databaseProvider(process.env.DATABASE_URL!) === "postgresql"
        ? process.env.DATABASE_URL!
        : migratedDatabase(path.resolve("tmp", "crash", `${randomUUID()}.sqlite`)),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: meta.url,
    WORKER: "inline",
    // Long enough that no lease of the killed process runs out on its own before the test moves it on.
    DELIVERY_LEASE_SECONDS: "60",
    DELIVERY_BATCH_SIZE: "10",
  };
  await configureShopWithCli({
    shop: SHOP,
    pixelId: "900800700600000",
    accessToken: `EAAcrash${randomBytes(12).toString("hex")}`,
    consentMode: "off",
    env,
  });
}, 120_000);

afterAll(async () => {
  await app?.kill();
  await meta?.close();
});

describe("crash safety of the built app", () => {
  it("GIVEN SIGTERM the moment the app answers /healthz THEN it stops gracefully and exits 0", async () => {
    // The server answers before the delivery thread has started; the signal handlers must
    // already be there (a CI fault run once saw a restarted instance die of the signal).
    for (let round = 0; round < 3; round++) {
      const fresh = await startApp(env);
      expect(await fresh.stop()).toBe(0);
    }
    // Three starts of the built app, each bounded by startApp's own 120 s: the test's bound
    // is theirs and a little more. On PostgreSQL, beside two other files of the phase on a
    // 2-core machine loaded by other work, one start took about 50 s, and a 150 s bound
    // failed the test though every stop exited 0.
  }, 390_000);

  it("GIVEN SIGKILL while delivering THEN after a restart every event is delivered, and only events Meta had received when it died may arrive twice", async () => {
    // Take the orders in with the worker off, so the kill below lands mid-delivery.
    const ingestOnly = await startApp({ ...env, WORKER: "off" });
    const orders = Array.from({ length: ORDERS }, (_, i) => makeOrder({ id: 8_800_000 + i, consent: "m1a1s1" }));
    for (const order of orders)
      expect(await postWebhook(ingestOnly.url, { topic: "orders/create", shop: SHOP, body: order, secret: env.SHOPIFY_API_SECRET })).toBe(
        200,
      );
    await ingestOnly.stop();

    app = await startApp(env);
    // Kill while requests are held by Meta's latency: some accepted, their answers not yet back.
    const deadline = Date.now() + 30_000;
    while (meta.accepted().length < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await app.kill();
    const receivedBeforeKill = new Set(meta.accepted().map((a) => String(a.event.event_id)));
    expect(receivedBeforeKill.size).toBeGreaterThan(0);
    expect(receivedBeforeKill.size).toBeLessThan(ORDERS);

    const db = createPrismaClient(env.DATABASE_URL);
    const deliveredAtKill = new Set(
      (await db.outboxEvent.findMany({ where: { status: "delivered" }, select: { eventId: true } })).map((r) => r.eventId),
    );

    // The restarted worker takes the dead one's rows back when their leases end. Rather than
    // wait a lease out, the test moves the dead worker's rows one lease length into the past,
    // as the restarted process would find them once that time had passed: a row still leased
    // would not be claimed, so the restart below proves the ordinary claim takes them back.
    const leaseMs = Number(env.DELIVERY_LEASE_SECONDS) * 1000;
    const abandoned = await db.outboxEvent.findMany({
      where: { status: "in_flight" },
      select: { id: true, nextAttemptAt: true, leaseUntil: true },
    });
    expect(abandoned.length, "rows the dead worker held").toBeGreaterThan(0);
    for (const row of abandoned) {
      expect(row.leaseUntil!.getTime(), "a lease of the dead worker still running").toBeGreaterThan(Date.now());
      await db.outboxEvent.update({
        where: { id: row.id },
        data: { nextAttemptAt: new Date(row.nextAttemptAt.getTime() - leaseMs), leaseUntil: new Date(row.leaseUntil!.getTime() - leaseMs) },
      });
    }
    app = await startApp(env);
    const all = new Set(orders.map((o) => `purchase_${o.id}`));
    const until = Date.now() + 90_000;
    while ((await db.outboxEvent.count({ where: { status: "delivered" } })) < ORDERS && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await app.stop();
    expect(await db.outboxEvent.count({ where: { status: "delivered" } })).toBe(ORDERS);
    await db.$disconnect();

    for (const id of all) expect(meta.acceptedCount({ eventId: id }), id).toBeGreaterThanOrEqual(1);
    const twice = [...all].filter((id) => meta.acceptedCount({ eventId: id }) > 1);
    const inFlightAtKill = [...receivedBeforeKill].filter((id) => !deliveredAtKill.has(id));
    for (const id of twice) expect(inFlightAtKill).toContain(id);
    expect(
      meta
        .accepted()
        .every((a) => a.event.event_id === `purchase_${a.event.custom_data && (a.event.custom_data as { order_id: string }).order_id}`),
    ).toBe(true);
    console.info(
      `crash test: ${receivedBeforeKill.size} received before the kill, ${inFlightAtKill.length} in flight, ${twice.length} re-sent after restart`,
    );
  }, 210_000);
});
