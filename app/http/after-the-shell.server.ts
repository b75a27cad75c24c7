/**
 * Reads for a deferred part of a page, run after the page's shell has gone out. SQLite
 * statements run synchronously in this process, and a chain of awaited statements gives
 * the event loop no turn of its own until it ends: started at once, deferred reads would
 * hold the loop before React rendered the shell; started after, they would still hold
 * back the compressed shell, whose bytes reach the socket in a later turn (zlib works on
 * a thread and hands its output back through the loop). So the reads start on a timer,
 * after the turn in which the loader returned (React renders the shell in that turn,
 * starting on `setImmediate`), and run one at a time, each after a turn of the loop
 * (docs/decisions/060, 086). Cheapest first: the shell's bytes wait at most for it.
 */
export async function readAfterTheShell<T extends readonly unknown[]>(reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const results: unknown[] = [];
  for (const read of reads) {
    await new Promise((resolve) => setImmediate(resolve));
    results.push(await read());
  }
  return results as unknown as T;
}
