import { describe, expect, it } from "vitest";
import { readAfterTheShell } from "./after-the-shell.server";

// The deferred reads must leave the event loop its turns: the shell is rendered in the
// loader's turn and its compressed bytes reach the socket in a later one.

describe("readAfterTheShell", () => {
  it("GIVEN reads WHEN called THEN none starts in the caller's turn, and work queued during one read runs before the next starts", async () => {
    const order: string[] = [];
    const done = readAfterTheShell([
      async () => {
        order.push("read 1");
        // What a read holds back: a callback the loop delivers in a later turn.
        setImmediate(() => order.push("queued during read 1"));
        return 1;
      },
      async () => {
        order.push("read 2");
        return "two";
      },
    ]);
    // The shell's render, scheduled by React in the loader's turn.
    setImmediate(() => order.push("shell"));
    expect(await done).toEqual([1, "two"]);
    expect(order).toEqual(["shell", "read 1", "queued during read 1", "read 2"]);
  });

  it("GIVEN a read that fails THEN the reads after it do not run and the failure is the answer", async () => {
    const ran: string[] = [];
    const done = readAfterTheShell([
      async () => {
        throw new Error("no such table");
      },
      async () => ran.push("after"),
    ]);
    await expect(done).rejects.toThrow("no such table");
    expect(ran).toEqual([]);
  });
});
