import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { db, resetDb, rowsOf, seedDestination, seedEvents, statuses, workerFor } from "./fixtures";

// Answers the emulator cannot give: a Graph endpoint that acknowledges fewer events
// than it was sent (a local server speaking Graph's success shape), an undecryptable
// token, and old heartbeats.

let emulator: MetaEmulator;
let shortCounting: Server;
let shortCountingUrl: string;
let requestsSeen = 0;

beforeAll(async () => {
  emulator = await startMetaEmulator();
  shortCounting = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      requestsSeen += 1;
      const sent = (JSON.parse(raw) as { data: unknown[] }).data.length;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ events_received: sent - 1, messages: [], fbtrace_id: "short" }));
    });
  });
  await new Promise<void>((resolve) => shortCounting.listen(0, "127.0.0.1", resolve));
  shortCountingUrl = `http://127.0.0.1:${(shortCounting.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => shortCounting.close(resolve));
});
beforeEach(async () => {
  emulator.reset();
  requestsSeen = 0;
  await resetDb();
});

describe("delivery edge cases", () => {
  it("GIVEN Meta acknowledges fewer events than sent THEN nothing is resent automatically: failed with the reason, one request only", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 4 });
    const worker = workerFor({ ...emulator, url: shortCountingUrl });
    expect(await worker.runOnce()).toMatchObject({ requests: 1, failed: 4, delivered: 0 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(requestsSeen).toBe(1);
    const rows = await rowsOf(d.destinationId);
    expect(rows.every((row) => row.status === "failed" && /acknowledged 3 of 4.*Not resent automatically/.test(row.lastError ?? ""))).toBe(
      true,
    );
    const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { destinationId: d.destinationId } });
    expect(attempt).toMatchObject({ eventCount: 4, eventsReceived: 3, httpStatus: 200, outcome: "invalid" });
  });

  it("GIVEN a token sealed under another key THEN the destination pauses with a reason and nothing is sent", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 3 });
    await db.destination.update({ where: { id: d.destinationId }, data: { accessTokenEnc: "v1:AAAA:BBBB:CCCC" } });
    const result = await workerFor(emulator).runOnce();
    expect(result).toMatchObject({ requests: 0, paused: 3 });
    expect(await statuses(d.destinationId)).toEqual({ paused: 3 });
    const destination = await db.destination.findUniqueOrThrow({ where: { id: d.destinationId } });
    expect(destination.pausedReason).toMatch(/cannot be decrypted/);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("GIVEN heartbeats older than a day THEN a starting worker prunes them and writes its own", async () => {
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await db.workerHeartbeat.create({ data: { workerId: "gone", pid: 1, startedAt: old, beatAt: old } });
    await db.workerHeartbeat.create({ data: { workerId: "recent", pid: 2, startedAt: new Date(), beatAt: new Date(Date.now() - 60_000) } });
    const worker = workerFor(emulator);
    worker.start();
    try {
      const deadline = Date.now() + 5_000;
      while ((await db.workerHeartbeat.count({ where: { workerId: "gone" } })) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.stop();
    }
    const ids = (await db.workerHeartbeat.findMany()).map((beat) => beat.workerId).sort();
    expect(ids).toEqual([worker.workerId, "recent"].sort());
  });
});
