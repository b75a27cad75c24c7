import type { PrismaClient } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { db, useMetaEmulatorWithFreshDb, workerFor } from "./fixtures";

const emulator = useMetaEmulatorWithFreshDb();

// A graceful stop is followed by the caller disconnecting the database (the delivery
// thread, the worker process, test files). Work the worker started beside its loop
// (heartbeats, housekeeping) must be over by then: on PostgreSQL a disconnect in the
// middle of housekeeping's transaction left the pool waiting for a client that never came
// back, and an afterAll hook timed out in CI.

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

describe("a worker's graceful stop", () => {
  it("GIVEN a heartbeat still being written WHEN the worker stops THEN stop() returns only after that write, and after the claims were released", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    // The first heartbeat is held until the test lets it go; everything else runs as usual.
    const held = db.$extends({
      query: {
        workerHeartbeat: {
          async upsert({ args, query }) {
            if (!events.includes("heartbeat held")) {
              events.push("heartbeat held");
              await gate;
            }
            const result = await query(args);
            events.push("heartbeat written");
            return result;
          },
        },
        async $executeRaw({ args, query }) {
          const result = await query(args);
          const sql = (args as { strings?: readonly string[] }).strings?.join("?") ?? "";
          if (sql.includes(`"leaseOwner" = NULL`)) events.push("claims released");
          return result;
        },
      },
    }) as unknown as PrismaClient;

    const worker = workerFor(emulator, { db: held, pollIntervalMs: 60_000 });
    worker.start();
    await until(() => events.includes("heartbeat held"), "the first heartbeat is under way");
    const stopping = worker.stop().then(() => events.push("stopped"));
    // Everything else of the stop is done once the claims are released; a stop that did not
    // wait for the heartbeat would have returned by the next turn of the event loop.
    await until(() => events.includes("claims released"), "the stop releases its claims");
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).not.toContain("stopped");

    release();
    await stopping;
    expect(events.slice(-2)).toEqual(["heartbeat written", "stopped"]);
  });
});
