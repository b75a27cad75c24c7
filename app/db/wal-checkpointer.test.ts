import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer.server";

// The checkpoint thread on a real SQLite file in WAL mode. The writing connection never
// checkpoints itself (wal_autocheckpoint = 0, as the ingest's): what reaches the
// database file, and the log starting over, is the thread's doing. Conditions are waited
// for (the thread runs on its own schedule), never durations.

let dir: string;
let file: string;
let db: Database.Database;
let checkpointer: WalCheckpointer | null;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tandem-checkpointer-"));
  file = path.join(dir, "wal.sqlite");
  db = new Database(file, { timeout: 0 });
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  checkpointer = null;
});

afterEach(() => {
  checkpointer?.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const size = (name: string) => statSync(name, { throwIfNoEntry: false })?.size ?? 0;
const PAGE = 4096;
/**
 * 200 rows of 1 KB in one transaction: about 55 pages appended to the log. False when the
 * thread's RESTART held the write lock (the ingest's group commit retries then; so does the test).
 */
function insertMany(): boolean {
  const statement = db.prepare("INSERT INTO t (body) VALUES (?)");
  try {
    db.transaction(() => {
      for (let i = 0; i < 200; i++) statement.run("x".repeat(1000));
    }).immediate();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  }
}

async function until(condition: () => boolean, what: string, limit = 200_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

describe("the WAL checkpoint thread", () => {
  it("GIVEN a log the writer never checkpoints THEN the thread copies it into the database file", async () => {
    insertMany();
    insertMany();
    // Nothing was copied yet: the database file holds only the schema.
    expect(size(file)).toBeLessThanOrEqual(2 * PAGE);
    expect(size(`${file}-wal`)).toBeGreaterThan(100 * PAGE);

    checkpointer = startWalCheckpointer(file, { intervalMs: 5 });
    await until(() => size(file) > 100 * PAGE, "the rows reach the database file");
    // Another connection opened on the database file alone sees every row.
    const rows = (db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n;
    expect(rows).toBe(400);
  });

  it("GIVEN a writer that keeps writing THEN the log starts over instead of growing without end", async () => {
    checkpointer = startWalCheckpointer(file, { intervalMs: 5, restartAfterPages: 300 });
    let written = 0;
    // Each round adds about 55 pages to the log. Without a restart the file holds every
    // page ever written; with one, it stays far below that. (Between rounds the writer
    // yields for 5 ms, so a PASSIVE checkpoint can finish and the next write restart the
    // log; the RESTART escalation for a log that never gets that chance is the next test.)
    await until(
      () => {
        if (insertMany()) written += 1;
        return written >= 40 && size(`${file}-wal`) < (written * 50 * PAGE) / 2;
      },
      "the log file stays under half of what was written",
      2000,
    );
    await turn();
    expect((db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n).toBe(written * 200);
  });

  it("GIVEN a reader holding an old snapshot keeps the log long THEN the thread escalates to RESTART, counted with its time, and the log is restarted once the reader is done", async () => {
    insertMany();
    const reader = new Database(file, { timeout: 0 });
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM t").get();
    insertMany();
    insertMany();
    checkpointer = startWalCheckpointer(file, { intervalMs: 5, restartAfterPages: 50 });
    // PASSIVE cannot copy past the reader's snapshot, so the log stays over 50 pages: RESTART.
    await until(() => checkpointer!.stats().restarts >= 1, "a RESTART checkpoint");
    expect(checkpointer.stats().restartMs).toBeGreaterThan(0);
    // The log header's salt changes each time a writer starts the log over (SQLite's WAL
    // format: bytes 16-19). Read from the file, so the test itself checkpoints nothing.
    const salt = () => readFileSync(`${file}-wal`).subarray(16, 20).toString("hex");
    const before = salt();
    reader.exec("COMMIT");
    reader.close();
    // With the reader gone the thread's checkpoint completes and the next write starts the log over.
    await until(
      () => {
        insertMany();
        return salt() !== before;
      },
      "the log starts over",
      2000,
    );
  });

  it("GIVEN a file that cannot be opened THEN the failure is reported, not thrown into the writer", async () => {
    const errors: string[] = [];
    let lost = false;
    checkpointer = startWalCheckpointer(path.join(dir, "missing", "nowhere.sqlite"), {
      intervalMs: 5,
      onError: (code) => errors.push(code),
      onLost: () => (lost = true),
    });
    await until(() => errors.length > 0 && lost, "the thread reports the failure and ends");
    expect(errors.join(" ")).toMatch(/Cannot open database|SQLITE_CANTOPEN/);
  });
});
