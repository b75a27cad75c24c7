/**
 * NOTIFY: the PostgreSQL statements of the cross-process wake-up (app/db/pg-notify.server.ts
 * holds the listening connection; app/outbox/due-signal.server.ts sends). SQLite has no
 * counterpart: its worker wakes from the in-process signal and the poll.
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md, "Notify"): LISTEN and
 * pg_notify are PostgreSQL session commands with no typed Prisma form.
 */

/** The statement that subscribes a dedicated connection to `channel` (a constant of the app, quoted as an identifier). */
export function listenStatement(channel: string): string {
  return `LISTEN "${channel}"`;
}

/** sendNotification: one short statement through any pg-speaking Prisma client. */
export async function sendNotification(
  db: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> },
  channel: string,
): Promise<void> {
  await db.$executeRawUnsafe("SELECT pg_notify($1, '')", channel);
}
