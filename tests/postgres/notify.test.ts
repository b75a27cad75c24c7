import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { databaseProvider } from "../../app/db/provider";
import { listenForNotifications, OUTBOX_DUE_CHANNEL } from "../../app/db/pg-notify.server";
import { notifyOutboxDue } from "../../app/outbox/due-signal.server";
import { secondClient, seedDestination, seedEvents, statuses, useMetaEmulatorWithFreshDb, workerFor } from "../delivery/fixtures";

// The cross-process nudge on PostgreSQL: NOTIFY from one connection wakes a worker that
// LISTENs on another, and the listener comes back after losing its connection.
const onPostgres = databaseProvider(process.env.DATABASE_URL!) === "postgresql";

const waitFor = async (check: () => Promise<boolean> | boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
};

describe.runIf(onPostgres)("LISTEN/NOTIFY nudge across connections", () => {
  const emulator = useMetaEmulatorWithFreshDb();
  const other = onPostgres ? secondClient() : null;
  afterAll(async () => other?.$disconnect());

  it("GIVEN a worker polling once a minute and listening WHEN another connection notifies THEN it delivers at once; without it the rows wait", async () => {
    const worker = workerFor(emulator, { pollIntervalMs: 60_000 });
    const listener = listenForNotifications(process.env.DATABASE_URL!, OUTBOX_DUE_CHANNEL, () => worker.nudge());
    const d = await seedDestination();
    worker.start();
    try {
      await worker.runOnce();
      expect(await waitFor(() => listener.connected, 10_000)).toBe(true);
      await seedEvents(d, { count: 5 });
      expect(await waitFor(async () => (await statuses(d.destinationId)).delivered === 5, 700)).toBe(false);
      await other!.$executeRawUnsafe("SELECT pg_notify($1, '')", OUTBOX_DUE_CHANNEL);
      expect(await waitFor(async () => (await statuses(d.destinationId)).delivered === 5, 5_000)).toBe(true);
    } finally {
      await listener.stop();
      await worker.stop();
    }
  });

  it("GIVEN the ingest's notice THEN a NOTIFY reaches other sessions (several notices in a burst coalesce)", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    let heard = 0;
    client.on("notification", (message) => {
      if (message.channel === OUTBOX_DUE_CHANNEL) heard += 1;
    });
    await client.query(`LISTEN "${OUTBOX_DUE_CHANNEL}"`);
    try {
      for (let i = 0; i < 20; i++) notifyOutboxDue();
      expect(await waitFor(() => heard > 0, 5_000)).toBe(true);
      // Give stragglers time to arrive, then check the burst did not become twenty NOTIFYs.
      await prisma.$queryRawUnsafe("SELECT 1");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toBeLessThanOrEqual(2);
    } finally {
      await client.end();
    }
  });

  it("GIVEN the listener's connection is killed THEN it reconnects and hears notifications again", async () => {
    let heard = 0;
    const listener = listenForNotifications(process.env.DATABASE_URL!, OUTBOX_DUE_CHANNEL, () => (heard += 1), { retryMs: 50 });
    try {
      expect(await waitFor(() => listener.connected, 10_000)).toBe(true);
      const before = heard;
      await other!.$executeRawUnsafe(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = $1",
        `LISTEN "${OUTBOX_DUE_CHANNEL}"`,
      );
      expect(await waitFor(() => !listener.connected, 5_000)).toBe(true);
      expect(await waitFor(() => listener.connected, 10_000)).toBe(true);
      // A reconnect announces itself (rows may have become due meanwhile), then hears NOTIFY again.
      expect(heard).toBeGreaterThan(before);
      const afterReconnect = heard;
      await other!.$executeRawUnsafe("SELECT pg_notify($1, '')", OUTBOX_DUE_CHANNEL);
      expect(await waitFor(() => heard > afterReconnect, 5_000)).toBe(true);
    } finally {
      await listener.stop();
    }
  });
});

describe.skipIf(onPostgres)("LISTEN/NOTIFY nudge across connections", () => {
  it.skip("runs in the postgresql project only (npx vitest run --project postgresql)", () => {});
});
