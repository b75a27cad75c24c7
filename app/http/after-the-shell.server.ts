/**
 * Starts a read once the current turn of the event loop is over. A loader that returns
 * `defer` gets its document's shell rendered in that turn (React's streaming renderer
 * starts on `setImmediate`); SQLite statements run synchronously in this process, so a
 * deferred read started at once would hold the event loop before the shell is written,
 * and the first byte would wait for it (docs/decisions/060, 086).
 */
export function afterTheShell<T>(read: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(read);
}
