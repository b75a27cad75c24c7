import pg from "pg";
import { listenStatement, sendNotification } from "./statements/notify.server";

/**
 * Cross-process wake-ups on PostgreSQL (LISTEN/NOTIFY). The worker's poll stays the
 * guarantee: a notification only makes a sleeping worker run sooner, so a lost one
 * (listener reconnecting, NOTIFY failing) costs at most one poll interval, never an
 * event. On SQLite there is nothing to listen to: the in-process signal and the poll do.
 */
export const OUTBOX_DUE_CHANNEL = "tandem_outbox_due";

type Log = (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void;

export type PgListener = { stop(): Promise<void>; readonly connected: boolean };

/**
 * Holds one dedicated connection (outside Prisma's pool: LISTEN is per session) and
 * calls `onNotify` for every notification on `channel`. Reconnects with backoff when
 * the connection drops (database restart, failover); meanwhile the poll carries on.
 */
export function listenForNotifications(
  url: string,
  channel: string,
  onNotify: () => void,
  options: { log?: Log; retryMs?: number; maxRetryMs?: number } = {},
): PgListener {
  const log = options.log ?? (() => {});
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let client: pg.Client | null = null;
  let stopped = false;
  let connected = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (stopped || retryTimer) return;
    const wait = Math.min(maxRetryMs, retryMs * 2 ** Math.min(failures, 10));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, wait);
    retryTimer.unref();
  };

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on("error", (error) => {
      // An idle connection that breaks emits here; without a handler it would crash the process.
      if (connected) log("warn", "notification listener lost its connection; polling until it is back", { error: error.message });
      connected = false;
      failures += 1;
      void next.end().catch(() => {});
      schedule();
    });
    try {
      await next.connect();
      await next.query(listenStatement(channel));
      if (stopped) {
        await next.end();
        return;
      }
      connected = true;
      if (failures > 0) log("info", "notification listener reconnected", { channel });
      failures = 0;
      // Something may have become due while nobody listened.
      onNotify();
    } catch (error) {
      connected = false;
      failures += 1;
      if (failures === 1) log("warn", "notification listener cannot connect; polling until it can", { error: (error as Error).message });
      void next.end().catch(() => {});
      schedule();
    }
  };

  void connect();
  return {
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      connected = false;
      await client?.end().catch(() => {});
    },
  };
}

/** Sends a notification through any pg-speaking Prisma client (the statement: app/db/statements/notify.server.ts). */
export const notify = sendNotification;
