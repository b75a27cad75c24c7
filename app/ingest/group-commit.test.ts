import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit.server";

// The group commit on a real SQLite file in WAL mode, read back through a second
// connection (what another process would see): a promise settles only once its writes
// are committed, and one failing write neither loses nor wrongly acknowledges the others.

let dir: string;
let file: string;
let db: Database.Database;
let other: Database.Database;

function open(name: string) {
  const connection = new Database(name, { timeout: 0 });
  connection.pragma("journal_mode = WAL");
  return connection;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tandem-group-commit-"));
  file = path.join(dir, "group.sqlite");
  db = open(file);
  db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL);
           CREATE TABLE doomed (id TEXT);
           CREATE TRIGGER doom BEFORE INSERT ON doomed BEGIN SELECT RAISE(ROLLBACK, 'doomed'); END;`);
  other = open(file);
});

afterEach(() => {
  db.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert =
  (id: string, n = 1) =>
  () =>
    db.prepare("INSERT INTO t (id, n) VALUES (?, ?)").run(id, n).changes;
const committed = () =>
  other
    .prepare("SELECT id FROM t ORDER BY id")
    .all()
    .map((row) => (row as { id: string }).id);
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe("group commit", () => {
  it("GIVEN writes queued in the same tick THEN one transaction holds them all, and each is committed when its promise resolves", async () => {
    const group = createGroupCommit(db);
    const seenAtResolve: string[][] = [];
    const writes = ["a", "b", "c"].map((id) => group.write(insert(id)).then((changes) => (seenAtResolve.push(committed()), changes)));
    expect(committed()).toEqual([]);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    // The other connection already saw every row when the first promise resolved.
    expect(seenAtResolve).toEqual([
      ["a", "b", "c"],
      ["a", "b", "c"],
      ["a", "b", "c"],
    ]);
    expect(group.stats()).toEqual({ transactions: 1, units: 3, busyRetries: 0, busyWaitMs: 0 });
  });

  it("GIVEN a duplicate in the middle of a group THEN only it fails (unique violation), the rows around it commit", async () => {
    const group = createGroupCommit(db);
    await group.write(insert("dup"));
    const results = await Promise.all([
      settle(group.write(insert("x"))),
      settle(group.write(() => (insert("y")(), insert("dup")()))),
      settle(group.write(insert("z"))),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect((results[1] as { error: { code: string } }).error.code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
    // "y" was written by the failing unit before its duplicate: rolled back with it.
    expect(committed()).toEqual(["dup", "x", "z"]);
    expect(group.stats()).toEqual({ transactions: 2, units: 4, busyRetries: 0, busyWaitMs: 0 });
  });

  it("GIVEN a write that throws a plain error THEN it is refused alone and its partial writes are undone", async () => {
    const group = createGroupCommit(db);
    const results = await Promise.all([
      settle(group.write(insert("p"))),
      settle(
        group.write(() => {
          insert("q")();
          throw new Error("mapping bug");
        }),
      ),
    ]);
    expect(results[0]).toEqual({ ok: true, value: 1 });
    expect(results[1]).toMatchObject({ ok: false, error: { message: "mapping bug" } });
    expect(committed()).toEqual(["p"]);
  });

  it("GIVEN a write whose error ends the whole transaction THEN the others are run again and committed, and only it fails", async () => {
    const group = createGroupCommit(db);
    const results = await Promise.all([
      settle(group.write(insert("before"))),
      settle(group.write(() => db.prepare("INSERT INTO doomed (id) VALUES ('x')").run())),
      settle(group.write(insert("after"))),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(committed()).toEqual(["after", "before"]);
    expect(db.inTransaction).toBe(false);
  });

  it("GIVEN another connection holds the write lock THEN the writes wait, unanswered, and commit once it is released", async () => {
    const group = createGroupCommit(db);
    other.exec("BEGIN IMMEDIATE");
    let answered = false;
    const write = group.write(insert("late")).then((value) => ((answered = true), value));
    // Let the group try (and meet the lock) a few times.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    // At least the first attempt met the lock; each retry's delay (2 ms) is counted.
    const { busyRetries, busyWaitMs } = group.stats();
    expect(busyRetries).toBeGreaterThanOrEqual(1);
    expect(busyWaitMs).toBeGreaterThanOrEqual(2 * busyRetries);
    other.exec("COMMIT");
    expect(await write).toBe(1);
    expect(committed()).toEqual(["late"]);
    expect(group.stats()).toMatchObject({ transactions: 1, units: 1 });
  });

  it("GIVEN the lock is held past the limit THEN every write of the group fails with SQLITE_BUSY and nothing is written", async () => {
    const group = createGroupCommit(db, { busyLimitMs: 0 });
    other.exec("BEGIN IMMEDIATE");
    const results = await Promise.all([settle(group.write(insert("m"))), settle(group.write(insert("n")))]);
    other.exec("COMMIT");
    expect(results.map((result) => (result.ok ? "ok" : (result.error as { code: string }).code))).toEqual(["SQLITE_BUSY", "SQLITE_BUSY"]);
    expect(committed()).toEqual([]);
  });

  it("GIVEN writes queued when the store closes THEN they are committed first, and later writes are refused", async () => {
    const group = createGroupCommit(db);
    const queued = group.write(insert("last"));
    group.close();
    expect(await queued).toBe(1);
    await expect(group.write(insert("refused"))).rejects.toThrow(/closed/);
    expect(committed()).toEqual(["last"]);
  });
});
