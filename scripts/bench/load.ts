/**
 * The benchmark's load generator: a keep-alive undici Pool with one connection per
 * concurrent sender, no pipelining. Every request is built and signed BEFORE the clock
 * starts, so the generator spends its CPU on sockets only (undici's `request` costs far
 * less than `fetch`, which the first benchmark used and which competed with the server
 * for the same 2 cores). The same function drives every row of `npm run bench`.
 */
import { Pool } from "undici";

export type SignedRequest = { path: string; headers: Record<string, string>; body: string; key: string };
export type LoadResult = { latencies: number[]; seconds: number; statuses: Map<number, number>; sentAt: Map<string, number>; errors: number };

export async function drive(origin: string, requests: SignedRequest[], concurrency: number): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const sentAt = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          sentAt.set(request.key, Date.now());
          const t0 = performance.now();
          try {
            const response = await pool.request({ path: request.path, method: "POST", headers: request.headers, body: request.body });
            await response.body.dump();
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, statuses, sentAt, errors };
  } finally {
    await pool.close();
  }
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
