import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { waitFor } from "../support/wait-for";
import { listenForNotifications, OUTBOX_DUE_CHANNEL } from "../../app/db/pg-notify.server";
import { notifyOutboxDue } from "../../app/outbox/due-signal.server";
import { secondClient, seedDestination, seedEvents, statuses, useMetaEmulatorWithFreshDb, workerFor } from "../delivery/fixtures";

// The cross-process nudge on PostgreSQL: NOTIFY from one connection wakes a worker that
// LISTENs on another, and the listener comes back after losing its connection.
// Runs in the postgresql project only (vitest.config.ts, POSTGRES_ONLY).
describe("LISTEN/NOTIFY nudge across connections", () => {
  const emulator = useMetaEmulatorWithFreshDb();
  const other = secondClient();
  afterAll(async () => other.$disconnect());

  it("GIVEN a worker polling once a minute and listening WHEN another connection notifies THEN it delivers at once; without it the rows wait", async () => {
    const worker = workerFor(emulator, { pollIntervalMs: 60_000 });
    const listener = listenForNotifications(process.env.DATABASE_URL!, OUTBOX_DUE_CHANNEL, () => worker.nudge());
    const d = await seedDestination();
    worker.start();
    try {
      await worker.runOnce();
      await waitFor(() => listener.connected, "the listener to connect");
      await seedEvents(d, { count: 5 });
      // A short look, not a timing assertion: with a one-minute poll nothing can deliver them but a nudge.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await statuses(d.destinationId)).delivered).not.toBe(5);
      await other.$executeRawUnsafe("SELECT pg_notify($1, '')", OUTBOX_DUE_CHANNEL);
      await waitFor(async () => (await statuses(d.destinationId)).delivered === 5, "the 5 events delivered after the notify");
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
      await waitFor(() => heard > 0, "a notification");
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
      await waitFor(() => listener.connected, "the listener to connect");
      const before = heard;
      await other.$executeRawUnsafe(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = $1",
        `LISTEN "${OUTBOX_DUE_CHANNEL}"`,
      );
      await waitFor(() => !listener.connected, "the listener to lose its connection");
      await waitFor(() => listener.connected, "the listener to connect");
      // A reconnect announces itself (rows may have become due meanwhile), then hears NOTIFY again.
      expect(heard).toBeGreaterThan(before);
      const afterReconnect = heard;
      await other.$executeRawUnsafe("SELECT pg_notify($1, '')", OUTBOX_DUE_CHANNEL);
      await waitFor(() => heard > afterReconnect, "a notification after reconnecting");
    } finally {
      await listener.stop();
    }
  });
});
